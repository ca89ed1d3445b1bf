/* A device co-installer; the suppression below names a rule that does not exist. */
#include <windows.h>
#include <setupapi.h>

DWORD CALLBACK SampleCoInstaller(DI_FUNCTION InstallFunction, HDEVINFO DeviceInfoSet,
                                 PSP_DEVINFO_DATA DeviceInfoData, PCOINSTALLER_CONTEXT_DATA Context)
{
    // finish-install-disable-next-line no-such-rule
    return NO_ERROR;
}
