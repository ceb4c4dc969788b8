#ifndef SHUBBAK_CNCURSESW_SHIM_H
#define SHUBBAK_CNCURSESW_SHIM_H
// Wide-character API: must be defined before curses.h (SwiftPM drops pkg-config's -D flags).
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <stdio.h>
#include <locale.h>
#include <langinfo.h>
#include <wchar.h>
#include <ncursesw/curses.h>

// Swift 6 refuses the shared mutable globals and does not import these macros.
static inline WINDOW *shubbak_stdscr(void) { return stdscr; }
static inline FILE *shubbak_stdout(void) { return stdout; }
static inline FILE *shubbak_stdin(void) { return stdin; }
static inline int shubbak_lines(void) { return LINES; }
static inline int shubbak_cols(void) { return COLS; }
static inline int shubbak_colors(void) { return COLORS; }
static inline int shubbak_key_f(int n) { return KEY_F(n); }
static const attr_t shubbak_a_bold = A_BOLD;
static const attr_t shubbak_a_underline = A_UNDERLINE;
static const attr_t shubbak_a_reverse = A_REVERSE;
static const attr_t shubbak_a_dim = A_DIM;
#endif
