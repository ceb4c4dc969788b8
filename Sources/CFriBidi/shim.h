#ifndef SHUBBAK_CFRIBIDI_SHIM_H
#define SHUBBAK_CFRIBIDI_SHIM_H
#include <fribidi.h>
// Swift does not import these macros.
static const FriBidiFlags shubbak_fribidi_flags_default = FRIBIDI_FLAGS_DEFAULT;
static const FriBidiFlags shubbak_fribidi_flags_arabic = FRIBIDI_FLAGS_ARABIC;
#endif
