#include "smp/cbor_writer.hpp"

#include <cbor.h>

#include <cstring>

namespace norboot::smp {

template <class Encode>
CborWriter& CborWriter::emit(Encode&& encode) {
  if (overflow_) return *this;
  auto* free = reinterpret_cast<unsigned char*>(out_.data() + len_);
  size_t n = encode(free, out_.size() - len_);
  if (n == 0) {
    overflow_ = true;
  } else {
    len_ += n;
  }
  return *this;
}

CborWriter& CborWriter::raw(std::span<const std::byte> b) {
  if (overflow_) return *this;
  if (b.size() > out_.size() - len_) {
    overflow_ = true;
    return *this;
  }
  if (!b.empty()) std::memcpy(out_.data() + len_, b.data(), b.size());
  len_ += b.size();
  return *this;
}

CborWriter& CborWriter::map(size_t entries) {
  return emit([&](unsigned char* p, size_t n) { return cbor_encode_map_start(entries, p, n); });
}
CborWriter& CborWriter::indef_map() {
  return emit([](unsigned char* p, size_t n) { return cbor_encode_indef_map_start(p, n); });
}
CborWriter& CborWriter::array(size_t items) {
  return emit([&](unsigned char* p, size_t n) { return cbor_encode_array_start(items, p, n); });
}
CborWriter& CborWriter::indef_array() {
  return emit([](unsigned char* p, size_t n) { return cbor_encode_indef_array_start(p, n); });
}
CborWriter& CborWriter::end() {
  return emit([](unsigned char* p, size_t n) { return cbor_encode_break(p, n); });
}

CborWriter& CborWriter::text(std::string_view s) {
  emit([&](unsigned char* p, size_t n) { return cbor_encode_string_start(s.size(), p, n); });
  return raw(std::as_bytes(std::span(s.data(), s.size())));
}

CborWriter& CborWriter::bytes(std::span<const std::byte> b) {
  emit([&](unsigned char* p, size_t n) { return cbor_encode_bytestring_start(b.size(), p, n); });
  return raw(b);
}

CborWriter& CborWriter::uint(uint64_t v) {
  return emit([&](unsigned char* p, size_t n) { return cbor_encode_uint(v, p, n); });
}

CborWriter& CborWriter::sint(int64_t v) {
  if (v >= 0) return uint(static_cast<uint64_t>(v));
  // CBOR stores a negative integer n as -1 - n.
  uint64_t magnitude = static_cast<uint64_t>(-(v + 1));
  return emit([&](unsigned char* p, size_t n) { return cbor_encode_negint(magnitude, p, n); });
}

CborWriter& CborWriter::boolean(bool v) {
  return emit([&](unsigned char* p, size_t n) { return cbor_encode_bool(v, p, n); });
}

}  // namespace norboot::smp
