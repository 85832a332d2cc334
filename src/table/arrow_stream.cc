// export_arrow_stream (postventa/table.h): a Table as an Arrow C stream of
// record batches, following the C data interface and C stream interface
// specifications to the letter:
//   - the schema is a struct "+s" (name "", flags 0) with one child per column,
//     flagged ARROW_FLAG_NULLABLE; a batch is a struct array (one buffer, the
//     absent validity bitmap) with one child array per column;
//   - buffers point into the table's memory, sliced at multiples of 8 rows so
//     that bitmaps are sliced on byte boundaries and every offset is 0; the
//     validity bitmap is NULL when the slice has no null; no other buffer is
//     ever NULL (some consumers mishandle NULL data buffers of empty arrays);
//   - every exported structure, children included, owns what it needs through
//     its own private_data (a copy of the Table, which shares the columns), so
//     a consumer may move a child out and release the parent;
//   - release callbacks release the children that are not released yet, free
//     what the structure owns and set `release` to NULL; nothing points into a
//     structure itself, so structures may be moved by copying their bits.
#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "postventa/table.h"

namespace postventa {
namespace {

// A non-NULL, aligned address for a buffer of zero bytes.
alignas(64) const uint8_t kEmptyBuffer[64] = {};

const void* NonNull(const void* p) { return p != nullptr ? p : kEmptyBuffer; }

const char* Format(const Table& table, int column) {
  switch (table.column_type(column)) {
    case Table::Type::kInt64:
      return "l";
    case Table::Type::kDouble:
      return "g";
    case Table::Type::kBool:
      return "b";
    case Table::Type::kString:
      return table.has_large_offsets(column) ? "U" : "u";
    case Table::Type::kDate:
      return "tdD";
    case Table::Type::kTimestamp:
      return "tsu:UTC";
    case Table::Type::kDuration:
      return "tDu";
  }
  return "n";
}

// ---- Schema ----------------------------------------------------------------------

// private_data of a child ArrowSchema: the field's name.
struct ChildSchemaData {
  std::string name;
};

void ReleaseChildSchema(ArrowSchema* schema) {
  delete static_cast<ChildSchemaData*>(schema->private_data);
  schema->private_data = nullptr;
  schema->release = nullptr;
}

// private_data of the top-level ArrowSchema: its children.
struct SchemaData {
  std::vector<ArrowSchema> children;
  std::vector<ArrowSchema*> child_pointers;
};

void ReleaseSchema(ArrowSchema* schema) {
  auto* data = static_cast<SchemaData*>(schema->private_data);
  for (int64_t i = 0; i < schema->n_children; ++i) {
    ArrowSchema* child = schema->children[i];
    if (child->release != nullptr) child->release(child);
  }
  delete data;
  schema->private_data = nullptr;
  schema->release = nullptr;
}

// Fills `out`; throws std::bad_alloc (out untouched) when memory runs out.
void ExportSchema(const Table& table, ArrowSchema* out) {
  const int n = table.num_columns();
  auto data = std::make_unique<SchemaData>();
  data->children.resize(static_cast<size_t>(n));
  data->child_pointers.resize(static_cast<size_t>(n));
  // Every child's name is allocated before any child owns it, so that a
  // failure leaves nothing half-built.
  std::vector<std::unique_ptr<ChildSchemaData>> names(static_cast<size_t>(n));
  for (int k = 0; k < n; ++k) {
    names[static_cast<size_t>(k)] =
        std::make_unique<ChildSchemaData>(ChildSchemaData{table.column_name(k)});
  }
  for (int k = 0; k < n; ++k) {
    ArrowSchema& child = data->children[static_cast<size_t>(k)];
    ChildSchemaData* name = names[static_cast<size_t>(k)].release();
    child.format = Format(table, k);
    child.name = name->name.c_str();
    child.metadata = nullptr;
    child.flags = ARROW_FLAG_NULLABLE;
    child.n_children = 0;
    child.children = nullptr;
    child.dictionary = nullptr;
    child.release = &ReleaseChildSchema;
    child.private_data = name;
    data->child_pointers[static_cast<size_t>(k)] = &child;
  }
  out->format = "+s";
  out->name = "";
  out->metadata = nullptr;
  out->flags = 0;
  out->n_children = n;
  out->children = n == 0 ? nullptr : data->child_pointers.data();
  out->dictionary = nullptr;
  out->release = &ReleaseSchema;
  out->private_data = data.release();
}

// ---- Record batches ----------------------------------------------------------------

// private_data of a child ArrowArray: the table (which keeps the memory the
// buffers point into alive) and the buffer pointers.
struct ChildArrayData {
  Table table;
  const void* buffers[3] = {nullptr, nullptr, nullptr};
};

void ReleaseChildArray(ArrowArray* array) {
  delete static_cast<ChildArrayData*>(array->private_data);
  array->private_data = nullptr;
  array->release = nullptr;
}

struct BatchData {
  std::vector<ArrowArray> children;
  std::vector<ArrowArray*> child_pointers;
  const void* buffers[1] = {nullptr};  // a struct array: no validity bitmap
};

void ReleaseBatch(ArrowArray* array) {
  auto* data = static_cast<BatchData*>(array->private_data);
  for (int64_t i = 0; i < array->n_children; ++i) {
    ArrowArray* child = array->children[i];
    if (child->release != nullptr) child->release(child);
  }
  delete data;
  array->private_data = nullptr;
  array->release = nullptr;
}

// Nulls among bits [start, start + length) of a validity bitmap; `start` is a
// multiple of 8.
int64_t CountNulls(const uint8_t* validity, int64_t start, int64_t length) {
  const uint8_t* p = validity + start / 8;
  int64_t valid = 0;
  const int64_t whole = length / 8;
  for (int64_t i = 0; i < whole; ++i) valid += std::popcount(p[i]);
  const int64_t rest = length % 8;
  if (rest != 0) valid += std::popcount(static_cast<uint8_t>(p[whole] & ((1u << rest) - 1)));
  return length - valid;
}

// Fills `out` with rows [start, start + length) of `table`; throws
// std::bad_alloc (out untouched) when memory runs out.
void ExportBatch(const Table& table, int64_t start, int64_t length, ArrowArray* out) {
  const int n = table.num_columns();
  auto data = std::make_unique<BatchData>();
  data->children.resize(static_cast<size_t>(n));
  data->child_pointers.resize(static_cast<size_t>(n));
  std::vector<std::unique_ptr<ChildArrayData>> owned(static_cast<size_t>(n));
  for (int k = 0; k < n; ++k) {
    owned[static_cast<size_t>(k)] = std::make_unique<ChildArrayData>();
    owned[static_cast<size_t>(k)]->table = table;
  }
  const size_t s = static_cast<size_t>(start);
  for (int k = 0; k < n; ++k) {
    ChildArrayData* child_data = owned[static_cast<size_t>(k)].release();
    ArrowArray& child = data->children[static_cast<size_t>(k)];
    int64_t null_count = 0;
    const uint8_t* validity = table.validity_bitmap(k);
    if (validity != nullptr) {
      null_count = CountNulls(validity, start, length);
      if (null_count > 0) child_data->buffers[0] = validity + start / 8;
    }
    int64_t n_buffers = 2;
    switch (table.column_type(k)) {
      case Table::Type::kInt64:
      case Table::Type::kTimestamp:
      case Table::Type::kDuration:
        child_data->buffers[1] = table.int64_values(k).data() + s;
        break;
      case Table::Type::kDouble:
        child_data->buffers[1] = table.double_values(k).data() + s;
        break;
      case Table::Type::kDate:
        child_data->buffers[1] = table.date_values(k).data() + s;
        break;
      case Table::Type::kBool:
        child_data->buffers[1] = table.bool_bitmap(k) + start / 8;
        break;
      case Table::Type::kString:
        n_buffers = 3;
        // The offsets are absolute positions in the column's bytes, so the
        // slice's offsets point into the same data buffer (its first offset
        // need not be 0).
        child_data->buffers[1] =
            table.has_large_offsets(k)
                ? static_cast<const void*>(table.large_string_offsets(k).data() + s)
                : static_cast<const void*>(table.string_offsets(k).data() + s);
        child_data->buffers[2] = NonNull(table.string_data(k).data());
        break;
    }
    child_data->buffers[1] = NonNull(child_data->buffers[1]);
    child.length = length;
    child.null_count = null_count;
    child.offset = 0;
    child.n_buffers = n_buffers;
    child.n_children = 0;
    child.buffers = child_data->buffers;
    child.children = nullptr;
    child.dictionary = nullptr;
    child.release = &ReleaseChildArray;
    child.private_data = child_data;
    data->child_pointers[static_cast<size_t>(k)] = &child;
  }
  out->length = length;
  out->null_count = 0;
  out->offset = 0;
  out->n_buffers = 1;
  out->n_children = n;
  out->buffers = data->buffers;
  out->children = n == 0 ? nullptr : data->child_pointers.data();
  out->dictionary = nullptr;
  out->release = &ReleaseBatch;
  out->private_data = data.release();
}

// ---- The stream ----------------------------------------------------------------------

struct StreamData {
  Table table;
  int64_t batch_rows = 0;
  int64_t next_row = 0;
  // A static message (setting it cannot fail, even out of memory); nullptr
  // after a successful call.
  const char* last_error = nullptr;
};

int GetSchema(ArrowArrayStream* stream, ArrowSchema* out) {
  auto* data = static_cast<StreamData*>(stream->private_data);
  try {
    ExportSchema(data->table, out);
    data->last_error = nullptr;
    return 0;
  } catch (const std::bad_alloc&) {
    data->last_error = "out of memory exporting the schema";
    return ENOMEM;
  } catch (...) {  // nothing else throws; no exception may reach a C caller
    data->last_error = "unexpected error exporting the schema";
    return EIO;
  }
}

int GetNext(ArrowArrayStream* stream, ArrowArray* out) {
  auto* data = static_cast<StreamData*>(stream->private_data);
  const int64_t rows = data->table.num_rows();
  if (data->next_row >= rows) {
    // The end of the stream: a released array.
    std::memset(out, 0, sizeof(*out));
    out->release = nullptr;
    data->last_error = nullptr;
    return 0;
  }
  const int64_t length = std::min(data->batch_rows, rows - data->next_row);
  try {
    ExportBatch(data->table, data->next_row, length, out);
  } catch (const std::bad_alloc&) {
    data->last_error = "out of memory exporting a record batch";
    return ENOMEM;
  } catch (...) {  // nothing else throws; no exception may reach a C caller
    data->last_error = "unexpected error exporting a record batch";
    return EIO;
  }
  data->next_row += length;
  data->last_error = nullptr;
  return 0;
}

const char* GetLastError(ArrowArrayStream* stream) {
  const auto* data = static_cast<const StreamData*>(stream->private_data);
  return data == nullptr ? nullptr : data->last_error;
}

void ReleaseStream(ArrowArrayStream* stream) {
  delete static_cast<StreamData*>(stream->private_data);
  stream->private_data = nullptr;
  stream->release = nullptr;
}

}  // namespace

absl::Status export_arrow_stream(Table table, ArrowArrayStream* out) {
  return export_arrow_stream(std::move(table), out, ArrowExportOptions());
}

absl::Status export_arrow_stream(Table table, ArrowArrayStream* out,
                                 const ArrowExportOptions& options) {
  if (out == nullptr) {
    return absl::InvalidArgumentError("out: must point to an ArrowArrayStream, got NULL");
  }
  if (options.max_batch_rows <= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("max_batch_rows: must be positive, got ", options.max_batch_rows));
  }
  StreamData* data = nullptr;
  try {
    data = new StreamData;
  } catch (const std::bad_alloc&) {
    return absl::ResourceExhaustedError("out of memory creating an Arrow stream");
  }
  data->table = std::move(table);
  // Up to a multiple of 8 (down, near INT64_MAX, where no table reaches).
  const int64_t rows = options.max_batch_rows;
  data->batch_rows = rows > INT64_MAX - 7 ? rows & ~int64_t{7} : (rows + 7) & ~int64_t{7};
  out->get_schema = &GetSchema;
  out->get_next = &GetNext;
  out->get_last_error = &GetLastError;
  out->release = &ReleaseStream;
  out->private_data = data;
  return absl::OkStatus();
}

}  // namespace postventa
