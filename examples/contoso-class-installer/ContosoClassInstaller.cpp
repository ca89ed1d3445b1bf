// Contoso tuner class installer: asks for a finish-install action when the tuner's channel database is
// missing, and builds it in DIF_FINISHINSTALL_ACTION. Keeps the finish-install contract.
#include <windows.h>
#include <setupapi.h>

namespace contoso {

static bool ChannelDatabaseMissing(HDEVINFO set, PSP_DEVINFO_DATA data);
static DWORD BuildChannelDatabase(HDEVINFO set, PSP_DEVINFO_DATA data);

static DWORD RequestFinishInstallAction(HDEVINFO set, PSP_DEVINFO_DATA data)
{
    SP_DEVINSTALL_PARAMS params = {};
    params.cbSize = sizeof(params);
    if (!SetupDiGetDeviceInstallParams(set, data, &params)) {
        return GetLastError();
    }
    params.FlagsEx |= DI_FLAGSEX_FINISHINSTALL_ACTION;
    if (!SetupDiSetDeviceInstallParams(set, data, &params)) {
        return GetLastError();
    }
    return NO_ERROR;
}

}  // namespace contoso

extern "C" DWORD CALLBACK
ContosoTunerClassInstaller(_In_ DI_FUNCTION InstallFunction,
                           _In_ HDEVINFO DeviceInfoSet,
                           _In_opt_ PSP_DEVINFO_DATA DeviceInfoData)
{
    using namespace contoso;

    switch (InstallFunction) {
    case DIF_NEWDEVICEWIZARD_FINISHINSTALL:
        if (ChannelDatabaseMissing(DeviceInfoSet, DeviceInfoData)) {
            const DWORD err = RequestFinishInstallAction(DeviceInfoSet, DeviceInfoData);
            if (err != NO_ERROR) {
                return err;
            }
        }
        return ERROR_DI_DO_DEFAULT;  // no wizard pages of our own

    case DIF_FINISHINSTALL_ACTION: {
        if (!ChannelDatabaseMissing(DeviceInfoSet, DeviceInfoData)) {
            return ERROR_DI_DO_DEFAULT;  // nothing left to do
        }
        const DWORD err = BuildChannelDatabase(DeviceInfoSet, DeviceInfoData);
        return err == NO_ERROR ? ERROR_DI_DO_DEFAULT : err;  // an error: try again later
    }

    default:
        return ERROR_DI_DO_DEFAULT;
    }
}
