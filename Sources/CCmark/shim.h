#ifndef ATELIER_CCMARK_SHIM_H
#define ATELIER_CCMARK_SHIM_H

#include <stdlib.h>
#include <cmark.h>

/* cmark's option flags are macros of `1 << n`; these give Swift typed values. */
static inline int atelier_cmark_opt_sourcepos(void) { return CMARK_OPT_SOURCEPOS; }
static inline int atelier_cmark_opt_default(void) { return CMARK_OPT_DEFAULT; }
static inline int atelier_cmark_opt_validate_utf8(void) { return CMARK_OPT_VALIDATE_UTF8; }

/* cmark allocates the strings it returns with the default allocator's malloc. */
static inline void atelier_cmark_free(char *p) { free(p); }

#endif
