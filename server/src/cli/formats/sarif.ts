/**
 * SARIF 2.1.0, for code-scanning services and SARIF viewers. Paths are relative to the run's root
 * (uriBaseId %SRCROOT%) so a log made on one machine reads the same on another; columns are UTF-16
 * code units, as the engine counts them.
 */
import type * as sarif from 'sarif';
import { ALL_RULES, ruleDocPath, type Finding, type Range, type RuleDefinition, type Severity } from '../../engine';
import type { FileReport } from '../lint';
import { fileUri, folderUri, relativeUri, type PathFlavor } from '../paths';
import { invalidBytesNote, skipSentence, type LintRun } from '../run';
import { repositoryFileUrl, type ToolInfo } from '../../shared/toolInfo';

export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
export const SOURCE_ROOT_ID = '%SRCROOT%';

export function formatSarif(run: LintRun): string {
  return JSON.stringify(buildSarifLog(run), null, 2) + '\n';
}

export function buildSarifLog(run: LintRun): sarif.Log {
  const ruleIndex = new Map(ALL_RULES.map((rule, index) => [rule.id, index]));
  const results: sarif.Result[] = [];
  const notifications: sarif.Notification[] = [];
  for (const report of run.reports) {
    for (const finding of report.findings) results.push(resultOf(run.root, report.path, finding, ruleIndex.get(finding.ruleId)));
    notifications.push(...notificationsOf(run.root, report, ruleIndex));
  }
  for (const unreadable of run.unreadable) {
    notifications.push({ level: 'error', message: { text: `${capitalized(unreadable.problem)}.` }, locations: [locationOf(run.root, unreadable.path)] });
  }
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: driverOf(run.tool) },
        originalUriBaseIds: { [SOURCE_ROOT_ID]: { uri: folderUri(run.root) } },
        columnKind: 'utf16CodeUnits',
        invocations: [
          {
            // Rule crashes and unreadable files and folders make the run incomplete even though it finished.
            executionSuccessful: run.unreadable.length === 0 && run.reports.every((r) => r.ruleFailures.length === 0 && !r.error),
            ...(notifications.length ? { toolExecutionNotifications: notifications } : {}),
          },
        ],
        results,
      },
    ],
  };
}

function driverOf(tool: ToolInfo): sarif.ToolComponent {
  return {
    name: tool.name,
    version: tool.version,
    semanticVersion: tool.version,
    informationUri: tool.repositoryUrl,
    rules: ALL_RULES.map((rule) => descriptorOf(rule, tool)),
  };
}

function descriptorOf(rule: RuleDefinition<unknown>, tool: ToolInfo): sarif.ReportingDescriptor {
  const { docs } = rule;
  const fence = rule.language === 'inf' ? 'ini' : rule.language === 'c' ? 'c' : '';
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: docs.what },
    help: {
      text: `${docs.what}\n\nWhy: ${docs.why}\n\nBad:\n${docs.bad}\n\nGood:\n${docs.good}`,
      markdown: [
        docs.what,
        `**Why it matters.** ${docs.why}`,
        `Bad:\n\n\`\`\`${fence}\n${docs.bad}\n\`\`\``,
        `Good:\n\n\`\`\`${fence}\n${docs.good}\n\`\`\``,
        ...(docs.quickFix ? [`**Quick fix.** ${docs.quickFix}`] : []),
      ].join('\n\n'),
    },
    helpUri: repositoryFileUrl(tool, ruleDocPath(rule.id)),
    defaultConfiguration: { level: levelOf(rule.defaultSeverity) },
  };
}

function resultOf(root: string, file: string, finding: Finding, ruleIndex: number | undefined): sarif.Result {
  const result: sarif.Result = {
    ruleId: finding.ruleId,
    ...(ruleIndex !== undefined ? { ruleIndex } : {}),
    level: levelOf(finding.severity),
    message: { text: finding.message },
    locations: [{ physicalLocation: { artifactLocation: artifactLocationOf(root, file), region: regionOf(finding.range) } }],
  };
  if (finding.related?.length) {
    result.relatedLocations = finding.related.map((related, id) => ({
      id,
      message: { text: related.message },
      physicalLocation: { artifactLocation: artifactLocationOf(root, related.path ?? file), region: regionOf(related.range) },
    }));
  }
  const fixes = (finding.fixes ?? []).filter((fix) => fix.edits.length > 0);
  if (fixes.length) {
    result.fixes = fixes.map((fix) => ({
      description: { text: fix.title },
      artifactChanges: [
        {
          artifactLocation: artifactLocationOf(root, file),
          replacements: fix.edits.map((edit) => ({ deletedRegion: regionOf(edit.range), insertedContent: { text: edit.newText } })),
        },
      ],
    }));
  }
  return result;
}

function notificationsOf(root: string, report: FileReport, ruleIndex: ReadonlyMap<string, number>): sarif.Notification[] {
  const where: sarif.Location[] = [locationOf(root, report.path)];
  const out: sarif.Notification[] = [];
  if (report.error) out.push({ level: 'error', message: { text: report.error }, locations: where });
  if (report.skipped) out.push({ level: 'warning', message: { text: skipSentence(report.skipped) }, locations: where });
  if (report.invalidBytesIn) out.push({ level: 'note', message: { text: `${capitalized(invalidBytesNote(report.invalidBytesIn))}.` }, locations: where });
  for (const failure of report.ruleFailures) {
    const index = ruleIndex.get(failure.ruleId);
    out.push({
      level: 'error',
      message: { text: `Rule ${failure.ruleId} failed, so its findings for this file are missing: ${failure.message}` },
      locations: where,
      associatedRule: { id: failure.ruleId, ...(index !== undefined ? { index } : {}) },
    });
  }
  return out;
}

/** SARIF levels have no "hint"; "note" is the lowest. */
export function levelOf(severity: Severity): sarif.Result.level {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

/** 1-based; SARIF's endColumn is the column after the region, which is the engine's exclusive end + 1. */
function regionOf(range: Range): sarif.Region {
  return {
    startLine: range.start.line + 1,
    startColumn: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

function locationOf(root: string, file: string): sarif.Location {
  return { physicalLocation: { artifactLocation: artifactLocationOf(root, file) } };
}

function capitalized(sentence: string): string {
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

/** Relative to %SRCROOT% inside the run's root (the same log on every machine), a file: URI outside it. */
export function artifactLocationOf(root: string, file: string, flavor?: PathFlavor): sarif.ArtifactLocation {
  const uri = relativeUri(root, file, flavor);
  return uri === undefined ? { uri: fileUri(file, flavor) } : { uri, uriBaseId: SOURCE_ROOT_ID };
}

function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join('');
}
