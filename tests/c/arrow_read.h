/* Reading the library's Arrow C streams in the C tests, the way a C consumer
 * reads any Arrow stream (get_schema, get_next until a released array,
 * release), and civil dates as pv_date. Static inline: each test uses some. */
#ifndef POSTVENTA_TESTS_C_ARROW_READ_H_
#define POSTVENTA_TESTS_C_ARROW_READ_H_

#include <stdint.h>
#include <string.h>

#include "check.h"
#include "postventa/postventa.h"

/* Days since 1970-01-01 of a civil date (Howard Hinnant's days_from_civil). */
static inline pv_date days(int y, int m, int d) {
  const int yy = y - (m <= 2);
  const int era = (yy >= 0 ? yy : yy - 399) / 400;
  const int yoe = yy - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return (pv_date)(era * 146097 + doe - 719468);
}

/* One whole stream read into its single batch: the schema and the array. */
struct read_table {
  struct ArrowSchema schema;
  struct ArrowArray array;
  int has_array;
};

static inline void read_stream(struct ArrowArrayStream* stream, struct read_table* out) {
  struct ArrowArray extra;
  memset(out, 0, sizeof *out);
  CHECK_EQ(stream->get_schema(stream, &out->schema), 0);
  CHECK_EQ(stream->get_next(stream, &out->array), 0);
  out->has_array = out->array.release != NULL;
  if (out->has_array) {
    CHECK_EQ(stream->get_next(stream, &extra), 0); /* one batch, then the end */
    CHECK(extra.release == NULL);
  }
  stream->release(stream);
  CHECK(stream->release == NULL);
}

static inline void free_table(struct read_table* t) {
  if (t->has_array) t->array.release(&t->array);
  t->schema.release(&t->schema);
}

static inline void check_column(const struct read_table* t, int i, const char* name,
                                const char* format) {
  CHECK_STREQ(t->schema.children[i]->name, name);
  CHECK_STREQ(t->schema.children[i]->format, format);
}

static inline int is_valid(const struct ArrowArray* column, int64_t row) {
  const uint8_t* bitmap = (const uint8_t*)column->buffers[0];
  return bitmap == NULL || ((bitmap[row / 8] >> (row % 8)) & 1);
}

/* Row `row` of a utf8 column equals `expected` (NULL: the row is null). */
static inline void check_string(const struct ArrowArray* column, int64_t row,
                                const char* expected) {
  const int32_t* offsets = (const int32_t*)column->buffers[1];
  const char* data = (const char*)column->buffers[2];
  if (expected == NULL) {
    CHECK(!is_valid(column, row));
    return;
  }
  CHECK(is_valid(column, row));
  CHECK_EQ(offsets[row + 1] - offsets[row], strlen(expected));
  CHECK(strncmp(data + offsets[row], expected, strlen(expected)) == 0);
}

static inline int32_t date_at(const struct ArrowArray* column, int64_t row) {
  return ((const int32_t*)column->buffers[1])[row];
}
static inline int bool_at(const struct ArrowArray* column, int64_t row) {
  return (((const uint8_t*)column->buffers[1])[row / 8] >> (row % 8)) & 1;
}
static inline int64_t int_at(const struct ArrowArray* column, int64_t row) {
  return ((const int64_t*)column->buffers[1])[row];
}
static inline double double_at(const struct ArrowArray* column, int64_t row) {
  return ((const double*)column->buffers[1])[row];
}

#endif /* POSTVENTA_TESTS_C_ARROW_READ_H_ */
