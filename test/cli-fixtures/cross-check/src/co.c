/* Defines SampleCoInstaller, while pkg/sample.inf registers the DLL without naming it (so Windows calls CoDeviceInstall). */
#include <windows.h>
#include <setupapi.h>

DWORD CALLBACK SampleCoInstaller(DI_FUNCTION InstallFunction, HDEVINFO DeviceInfoSet,
                                 PSP_DEVINFO_DATA DeviceInfoData, PCOINSTALLER_CONTEXT_DATA Context)
{
    return NO_ERROR;
}
