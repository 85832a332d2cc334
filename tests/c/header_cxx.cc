// The C ABI header compiles alone as C++ (-Wall -Wextra -pedantic -Werror):
// nothing is included before it.
#include "postventa/postventa.h"

int main() {
  pv_status status = PV_OK;
  const pv_calendar* calendar = nullptr;
  // The declarations have the documented signatures (decltype does not odr-use
  // them, so this program needs no library).
  using Parse = pv_status (*)(pv_date*, const char*);
  using FreeCalendar = void (*)(pv_calendar*);
  decltype(&pv_date_parse) parse = static_cast<Parse>(nullptr);
  decltype(&pv_calendar_free) free_calendar = static_cast<FreeCalendar>(nullptr);
  static_cast<void>(calendar);
  static_cast<void>(parse);
  static_cast<void>(free_calendar);
  return status;
}
