/* Stand-in for bcryptprimitives.dll, which Wine 8.0 lacks: cryptography's Rust core imports
 * ProcessPrng from it (Windows 10 and later). It fills the buffer from BCryptGenRandom, the
 * system's random number generator, and like Windows' own it never fails.
 * Built by .ci/windows-under-wine for the test prefix only; never shipped. */
#include <windows.h>
#include <bcrypt.h>

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T size)
{
    while (size > 0) {
        ULONG chunk = size > 0x10000000 ? 0x10000000 : (ULONG)size;
        if (BCryptGenRandom(NULL, data, chunk, BCRYPT_USE_SYSTEM_PREFERRED_RNG) != 0)
            FatalAppExitA(0, "ProcessPrng: BCryptGenRandom failed");
        data += chunk;
        size -= chunk;
    }
    return TRUE;
}
