/* The C ABI header compiles alone as strict C99 (-std=c99 -Wall -Wextra
 * -pedantic -Werror): nothing is included before it. */
#include "postventa/postventa.h"

int main(void) {
  /* Touch the types and macros so the translation unit is not empty. */
  pv_status status = PV_OK;
  pv_date date = 0;
  pv_instant instant = 0;
  const pv_calendar* calendar = NULL;
  (void)date;
  (void)instant;
  (void)calendar;
  return status + (PV_VERSION_NUMBER >= 0 ? 0 : 1);
}
