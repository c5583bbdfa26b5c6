/* Stand-in for icuuc.dll, which Wine 8.0 lacks: Qt 6 on Windows imports ICU's converter
 * functions from the system's ICU (Windows 10 1703 and later). Here no converter ever opens, so
 * Qt keeps its built-in UTF-8, UTF-16 and Latin-1 codecs, the only ones the product uses.
 * Built by .ci/windows-under-wine for the test prefix only; never shipped. */
#include <stddef.h>
#include <stdint.h>

typedef int UErrorCode;
typedef uint16_t UChar;
#define U_FILE_ACCESS_ERROR 4
#define EXPORT __declspec(dllexport)

static void fail(UErrorCode *error)
{
    if (error != NULL && *error <= 0)
        *error = U_FILE_ACCESS_ERROR;
}

EXPORT void *ucnv_open(const char *name, UErrorCode *error) { (void)name; fail(error); return NULL; }
EXPORT void ucnv_close(void *converter) { (void)converter; }
EXPORT void ucnv_reset(void *converter) { (void)converter; }
EXPORT int8_t ucnv_getMaxCharSize(const void *converter) { (void)converter; return 1; }
EXPORT const char *ucnv_getName(const void *converter, UErrorCode *error)
{ (void)converter; fail(error); return NULL; }
EXPORT void ucnv_getToUCallBack(const void *converter, void **action, const void **context)
{ (void)converter; if (action) *action = NULL; if (context) *context = NULL; }
EXPORT void ucnv_getFromUCallBack(const void *converter, void **action, const void **context)
{ (void)converter; if (action) *action = NULL; if (context) *context = NULL; }
EXPORT void ucnv_setToUCallBack(void *converter, void *action, const void *context,
                                void **old_action, const void **old_context, UErrorCode *error)
{ (void)converter; (void)action; (void)context; (void)old_action; (void)old_context; fail(error); }
EXPORT void ucnv_setFromUCallBack(void *converter, void *action, const void *context,
                                  void **old_action, const void **old_context, UErrorCode *error)
{ (void)converter; (void)action; (void)context; (void)old_action; (void)old_context; fail(error); }
EXPORT void ucnv_toUnicode(void *converter, UChar **target, const UChar *target_limit,
                           const char **source, const char *source_limit, int32_t *offsets,
                           int8_t flush, UErrorCode *error)
{ (void)converter; (void)target; (void)target_limit; (void)source; (void)source_limit;
  (void)offsets; (void)flush; fail(error); }
EXPORT void ucnv_fromUnicode(void *converter, char **target, const char *target_limit,
                             const UChar **source, const UChar *source_limit, int32_t *offsets,
                             int8_t flush, UErrorCode *error)
{ (void)converter; (void)target; (void)target_limit; (void)source; (void)source_limit;
  (void)offsets; (void)flush; fail(error); }
EXPORT int32_t ucnv_toUCountPending(const void *converter, UErrorCode *error)
{ (void)converter; fail(error); return 0; }
EXPORT int32_t ucnv_fromUCountPending(const void *converter, UErrorCode *error)
{ (void)converter; fail(error); return 0; }
EXPORT void ucnv_cbToUWriteUChars(void *args, const UChar *source, int32_t length,
                                  int32_t offset_index, UErrorCode *error)
{ (void)args; (void)source; (void)length; (void)offset_index; fail(error); }
EXPORT void ucnv_cbFromUWriteUChars(void *args, const UChar **source, const UChar *source_limit,
                                    int32_t offset_index, UErrorCode *error)
{ (void)args; (void)source; (void)source_limit; (void)offset_index; fail(error); }
EXPORT const char *ucnv_getStandardName(const char *name, const char *standard, UErrorCode *error)
{ (void)name; (void)standard; fail(error); return NULL; }
EXPORT int32_t ucnv_countAvailable(void) { return 0; }
EXPORT const char *ucnv_getAvailableName(int32_t index) { (void)index; return NULL; }
EXPORT void UCNV_FROM_U_CALLBACK_SUBSTITUTE(const void *context, void *args, const UChar *units,
                                            int32_t length, int32_t code_point, int reason,
                                            UErrorCode *error)
{ (void)context; (void)args; (void)units; (void)length; (void)code_point; (void)reason;
  fail(error); }
EXPORT void UCNV_TO_U_CALLBACK_SUBSTITUTE(const void *context, void *args, const char *units,
                                          int32_t length, int reason, UErrorCode *error)
{ (void)context; (void)args; (void)units; (void)length; (void)reason; fail(error); }
