#ifndef SHUBBAK_CFRIBIDI_SHIM_H
#define SHUBBAK_CFRIBIDI_SHIM_H
#include <fribidi.h>
// Swift does not import these macros.
static const FriBidiFlags shubbak_fribidi_flags_default = FRIBIDI_FLAGS_DEFAULT;
static const FriBidiFlags shubbak_fribidi_flags_arabic = FRIBIDI_FLAGS_ARABIC;
// FRIBIDI_IS_LTR_LETTER lacks parentheses around its mask (== binds before &): written out here.
static inline int shubbak_fribidi_is_rtl_letter(FriBidiCharType type) {
    return (type & (FRIBIDI_MASK_LETTER | FRIBIDI_MASK_RTL)) == (FRIBIDI_MASK_LETTER | FRIBIDI_MASK_RTL);
}
static inline int shubbak_fribidi_is_ltr_letter(FriBidiCharType type) {
    return (type & (FRIBIDI_MASK_LETTER | FRIBIDI_MASK_RTL)) == FRIBIDI_MASK_LETTER;
}
#endif
