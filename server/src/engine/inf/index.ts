/** The INF front end: parser, model, lookups and the cross-file registration helper. */
export * from './model';
export { parseInf } from './parser';
export { infIndex, InfIndex, rangeInValue, splitPlatform, baseFileName } from './query';
export { readAddRegLine, parseAddRegFlags, addRegLinesOf, allAddRegLines, copiedFiles, type AddRegLine, type CopiedFile } from './addreg';
export { ddInstallFamilies, classInstallSections, modelEntries, type DDInstallFamily, type ModelEntry } from './install';
export { listInstallerRegistrations, type InstallerRegistration, type RegistrationScope } from './registrations';
export { INF_FILE_SUFFIXES, isInfFileName, isInfTemplateName, isSetupInf, looksLikeInf } from './documents';
