/**
 * A deterministic generator of realistic installer sources for the benchmark: class installers and
 * co-installers with helpers, switch and if/else dispatch, long handlers, and ordinary code between
 * them. Same seed, same text.
 */

export interface GeneratedFile {
  text: string;
  lines: number;
}

/** A small, fast, seeded PRNG (mulberry32). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const OTHER_DIFS = ['DIF_INSTALLDEVICE', 'DIF_REMOVE', 'DIF_PROPERTYCHANGE', 'DIF_SELECTDEVICE', 'DIF_ADDPROPERTYPAGE_ADVANCED', 'DIF_DESTROYPRIVATEDATA'];

function helper(name: string, rnd: () => number, bodyLines: number): string {
  const lines = [`static DWORD ${name}(HDEVINFO DeviceInfoSet, PSP_DEVINFO_DATA DeviceInfoData)`, '{', '    DWORD Status = NO_ERROR;', '    HKEY Key = NULL;'];
  for (let i = 0; i < bodyLines; i++) {
    const k = Math.floor(rnd() * 4);
    if (k === 0) lines.push(`    Status = RegOpenKeyExW(HKEY_LOCAL_MACHINE, L"SOFTWARE\\\\Vendor\\\\Key${i}", 0, KEY_READ, &Key);`);
    else if (k === 1) lines.push(`    if (Status != ERROR_SUCCESS) {`, `        return Status;`, `    }`);
    else if (k === 2) lines.push(`    if (Key != NULL) {`, `        RegCloseKey(Key);`, `        Key = NULL;`, `    }`);
    else lines.push(`    Status = ConfigureSetting${i % 7}(DeviceInfoSet, DeviceInfoData, ${i});`);
  }
  lines.push('    return Status;', '}', '');
  return lines.join('\n');
}

function entryPoint(index: number, rnd: () => number, handlerLines: number): string {
  const co = index % 2 === 1;
  const name = co ? `CoInstaller${index}` : `ClassInstaller${index}`;
  const dflt = co ? 'NO_ERROR' : 'ERROR_DI_DO_DEFAULT';
  const params = ['_In_ DI_FUNCTION InstallFunction', '_In_ HDEVINFO DeviceInfoSet', '_In_ PSP_DEVINFO_DATA DeviceInfoData'];
  if (co) params.push('_Inout_ PCOINSTALLER_CONTEXT_DATA Context');
  const helperName = `Helper${index}`;
  const out = [helper(helperName, rnd, Math.max(4, handlerLines >> 1)), `DWORD CALLBACK\n${name}(\n    ${params.join(',\n    ')}\n    )\n{`];
  out.push('    SP_DEVINSTALL_PARAMS DeviceInstallParams;', `    DWORD ReturnValue = ${dflt};`, '');
  const useSwitch = index % 3 !== 2;
  const body = (dif: string): string[] => {
    const lines: string[] = [];
    if (dif === 'DIF_NEWDEVICEWIZARD_FINISHINSTALL') {
      lines.push(
        `if (${helperName}(DeviceInfoSet, DeviceInfoData) != NO_ERROR) {`,
        '    DeviceInstallParams.cbSize = sizeof(DeviceInstallParams);',
        '    if (SetupDiGetDeviceInstallParams(DeviceInfoSet, DeviceInfoData, &DeviceInstallParams)) {',
        '        DeviceInstallParams.FlagsEx |= DI_FLAGSEX_FINISHINSTALL_ACTION;',
        '        SetupDiSetDeviceInstallParams(DeviceInfoSet, DeviceInfoData, &DeviceInstallParams);',
        '    }',
        '}',
      );
    } else if (dif === 'DIF_FINISHINSTALL_ACTION') {
      lines.push(`ReturnValue = ${helperName}(DeviceInfoSet, DeviceInfoData);`, `if (ReturnValue == NO_ERROR) {`, `    ReturnValue = ${dflt};`, '}');
    }
    for (let i = 0; i < handlerLines; i++) {
      const k = Math.floor(rnd() * 3);
      if (k === 0) lines.push(`LogInstallStep(L"${dif} step ${i}", ${i});`);
      else if (k === 1) lines.push(`if (CheckCondition${i % 5}(DeviceInfoSet)) {`, `    ApplySetting(DeviceInfoSet, DeviceInfoData, ${i});`, '}');
      else lines.push(`ReportProgress(${i}, ${handlerLines});`);
    }
    return lines;
  };
  const difs = ['DIF_NEWDEVICEWIZARD_FINISHINSTALL', 'DIF_FINISHINSTALL_ACTION', OTHER_DIFS[index % OTHER_DIFS.length]];
  if (useSwitch) {
    out.push('    switch (InstallFunction) {');
    for (const dif of difs) {
      out.push(`    case ${dif}:`, ...body(dif).map((l) => '        ' + l), '        break;', '');
    }
    out.push('    default:', '        break;', '    }');
  } else {
    difs.forEach((dif, k) => {
      out.push(`    ${k === 0 ? 'if' : '} else if'} (InstallFunction == ${dif}) {`, ...body(dif).map((l) => '        ' + l));
    });
    out.push('    }');
  }
  if (co) out.push('    if (Context->PostProcessing) {', '        return Context->InstallResult;', '    }');
  out.push('    return ReturnValue;', '}', '');
  return out.join('\n');
}

/** An installer source of about `targetLines` lines. */
export function generateInstallerSource(targetLines: number, seed = 1): GeneratedFile {
  const rnd = random(seed);
  const parts = ['#include <windows.h>', '#include <setupapi.h>', ''];
  let lines = 3;
  let index = 0;
  // Entry points of about 150-300 lines each, like real installers with long handlers.
  while (lines < targetLines) {
    const chunk = entryPoint(index++, rnd, 20 + Math.floor(rnd() * 40));
    parts.push(chunk);
    lines += chunk.split('\n').length;
  }
  const text = parts.join('\n');
  return { text, lines: text.split('\n').length };
}

/** An ordinary C file with no installer (for the mixed-tree pre-filter measurement). */
export function generatePlainSource(targetLines: number, seed = 1): GeneratedFile {
  const rnd = random(seed);
  const parts = ['#include <stdio.h>', ''];
  let i = 0;
  while (parts.length < targetLines) {
    parts.push(`static int compute${i}(int x)`, '{', `    int y = x * ${Math.floor(rnd() * 100)};`, '    if (y > 10) {', '        return y - 10;', '    }', '    return y;', '}', '');
    i++;
  }
  const text = parts.join('\n');
  return { text, lines: text.split('\n').length };
}
