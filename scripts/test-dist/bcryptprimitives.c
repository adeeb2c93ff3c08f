/*
 * A stand-in for Windows' bcryptprimitives.dll, for running CardDesk under
 * Wine 8 in the packaging test only (scripts/test-dist.sh copies it into its
 * private Wine prefix). Go 1.22 and later load ProcessPrng from that DLL at
 * start; Wine 8 does not have it. Windows itself does: the installer never
 * ships this file.
 *
 *   x86_64-w64-mingw32-gcc -shared -o bcryptprimitives.dll bcryptprimitives.c -ladvapi32
 */
#include <windows.h>
#include <ntsecapi.h>

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
	while (len > 0) {
		ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
		if (!RtlGenRandom(data, n))
			return FALSE;
		data += n;
		len -= n;
	}
	return TRUE;
}
