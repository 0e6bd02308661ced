#ifndef DTI_CLIBXML2_SHIM_H
#define DTI_CLIBXML2_SHIM_H
// libxml2 built with ICU includes ICU's headers, which clash with the ICU that Foundation
// carries. dti uses no encoding handler (it reads the reader's nodes only), so the ICU part of
// libxml2's headers is left out; the structures it changes are never touched from Swift.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/xmlreader.h>
#endif
