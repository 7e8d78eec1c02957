#pragma once
// CborWriter: builds CBOR into a caller buffer with libcbor's cbor_encode_* functions (no items,
// no heap). A write that does not fit sets a sticky overflow flag and writes nothing more, so a
// handler can encode a whole response and check ok() once (the SMP layer answers EMSGSIZE).
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace norboot::smp {

class CborWriter {
 public:
  explicit CborWriter(std::span<std::byte> out) : out_(out) {}

  CborWriter& map(size_t entries);
  CborWriter& indef_map();
  CborWriter& array(size_t items);
  CborWriter& indef_array();
  /// Closes the innermost indefinite-length map or array (the CBOR "break").
  CborWriter& end();

  CborWriter& key(std::string_view k) { return text(k); }
  CborWriter& text(std::string_view s);
  CborWriter& bytes(std::span<const std::byte> b);
  CborWriter& uint(uint64_t v);
  CborWriter& sint(int64_t v);
  CborWriter& boolean(bool v);

  bool ok() const { return !overflow_; }
  size_t size() const { return len_; }
  std::span<const std::byte> written() const { return out_.first(len_); }
  /// Forgets everything written after `len` bytes (and any overflow).
  void rewind(size_t len = 0) {
    len_ = len < len_ ? len : len_;
    overflow_ = false;
  }

 private:
  /// Runs one libcbor encoder on the free space; libcbor returns 0 when it does not fit.
  template <class Encode>
  CborWriter& emit(Encode&& encode);
  CborWriter& raw(std::span<const std::byte> b);

  std::span<std::byte> out_;
  size_t len_ = 0;
  bool overflow_ = false;
};

}  // namespace norboot::smp
