// A co-installer being written: the finish-install handlers are still missing.
#include <windows.h>
#include <setupapi.h>

DWORD CALLBACK
NewCoInstaller(
    _In_ DI_FUNCTION Function,
    _In_ HDEVINFO Devs,
    _In_ PSP_DEVINFO_DATA Dev,
    _Inout_ PCOINSTALLER_CONTEXT_DATA Ctx
    )
{
    switch (Function) {

    default:
        break;
    }
    return NO_ERROR;
}
