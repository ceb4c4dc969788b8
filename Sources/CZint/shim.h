#ifndef SHUBBAK_CZINT_SHIM_H
#define SHUBBAK_CZINT_SHIM_H
#include <zint.h>
#endif
