#ifndef SHUBBAK_CNCURSESW_SHIM_H
#define SHUBBAK_CNCURSESW_SHIM_H
// Wide-character API: must be defined before curses.h (SwiftPM drops pkg-config's -D flags).
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <langinfo.h>
#include <wchar.h>
#include <ncursesw/curses.h>
#endif
