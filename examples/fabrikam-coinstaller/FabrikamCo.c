/*
 * Fabrikam device co-installer: requests a finish-install action that installs the Fabrikam control
 * panel after the device is installed. Written the way real co-installers often are, mistakes included.
 */
#include <windows.h>
#include <setupapi.h>

#define CONTROL_PANEL_SETUP L"C:\\Program Files\\Fabrikam\\Setup\\FabrikamPanelSetup.exe /quiet"

static BOOL ControlPanelInstalled(void)
{
    HKEY key;
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, L"SOFTWARE\\Fabrikam\\ControlPanel", 0, KEY_READ, &key) != ERROR_SUCCESS) {
        return FALSE;
    }
    RegCloseKey(key);
    return TRUE;
}

static DWORD RequestFinishInstallAction(HDEVINFO DeviceInfoSet, PSP_DEVINFO_DATA DeviceInfoData)
{
    SP_DEVINSTALL_PARAMS DeviceInstallParams;

    DeviceInstallParams.cbSize = sizeof(DeviceInstallParams);
    if (!SetupDiGetDeviceInstallParams(DeviceInfoSet, DeviceInfoData, &DeviceInstallParams)) {
        return GetLastError();
    }
    DeviceInstallParams.Flags |= DI_FLAGSEX_FINISHINSTALL_ACTION;
    return NO_ERROR;
}

static DWORD InstallControlPanel(void)
{
    STARTUPINFOW StartupInfo = { sizeof(StartupInfo) };
    PROCESS_INFORMATION ProcessInfo;
    WCHAR CommandLine[] = CONTROL_PANEL_SETUP;

    if (!CreateProcessW(NULL, CommandLine, NULL, NULL, FALSE, 0, NULL, NULL, &StartupInfo, &ProcessInfo)) {
        return GetLastError();
    }
    CloseHandle(ProcessInfo.hThread);
    CloseHandle(ProcessInfo.hProcess);
    return ERROR_DI_DO_DEFAULT;
}

DWORD CALLBACK
FabrikamCoInstaller(
    _In_ DI_FUNCTION InstallFunction,
    _In_ HDEVINFO DeviceInfoSet,
    _In_ PSP_DEVINFO_DATA DeviceInfoData,
    _Inout_ PCOINSTALLER_CONTEXT_DATA Context
    )
{
    switch (InstallFunction) {
    case DIF_NEWDEVICEWIZARD_FINISHINSTALL:
        if (!Context->PostProcessing) {
            break;
        }
        if (!ControlPanelInstalled()) {
            return RequestFinishInstallAction(DeviceInfoSet, DeviceInfoData);
        }
        return Context->InstallResult;

    case DIF_FINISHINSTALL_ACTION:
        if (ControlPanelInstalled()) {
            return NO_ERROR;
        }
        return InstallControlPanel();

    default:
        break;
    }
    return NO_ERROR;
}
