/*
 * A stand-in for bcryptprimitives.dll, for running the Windows build under
 * Wine 8.0 in the smoke test only (never shipped). Go 1.22 and later take
 * their random numbers from bcryptprimitives.dll!ProcessPrng, which Wine
 * 8.0 lacks; this DLL forwards it to advapi32's RtlGenRandom
 * (SystemFunction036). Real Windows 10 and 11 have the real DLL.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T size)
{
	while (size > 0) {
		ULONG n = size > 0x10000000 ? 0x10000000 : (ULONG)size;
		if (!SystemFunction036(data, n))
			return FALSE;
		data += n;
		size -= n;
	}
	return TRUE;
}
