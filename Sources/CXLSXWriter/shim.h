#ifndef DTI_CXLSXWRITER_SHIM_H
#define DTI_CXLSXWRITER_SHIM_H
#include <xlsxwriter.h>
#endif
