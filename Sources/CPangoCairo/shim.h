#ifndef SHUBBAK_CPANGOCAIRO_SHIM_H
#define SHUBBAK_CPANGOCAIRO_SHIM_H
#include <pango/pangocairo.h>
#include <cairo-pdf.h>
#include <cairo.h>
#endif
