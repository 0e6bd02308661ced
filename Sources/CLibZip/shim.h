#ifndef DTI_CLIBZIP_SHIM_H
#define DTI_CLIBZIP_SHIM_H
// libzip from the system (Debian: libzip-dev): workbooks are unpacked with it, from memory,
// each part inflated in chunks and its CRC-32 checked.
#include <zip.h>
#endif
