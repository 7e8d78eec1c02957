#pragma once
// CborReader: pulls one CBOR token at a time out of a caller buffer with libcbor's streaming
// decoder (cbor_stream_decode + callbacks), so nothing is allocated and byte strings are views
// into the input. Nesting is tracked by the caller; skip() walks over a whole nested item with a
// fixed-depth stack. Definite and indefinite maps, arrays and strings are all accepted.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "core/result.hpp"

namespace norboot::smp {

enum class CborKind : uint8_t {
  kUint, kNegint, kBytes, kText, kBytesIndef, kTextIndef, kArray, kArrayIndef, kMap, kMapIndef,
  kTag, kBool, kNull, kUndefined, kFloat, kBreak,
};

struct CborToken {
  CborKind kind = CborKind::kNull;
  uint64_t value = 0;                 // uint; negint argument (the number is -1 - value); count; tag
  bool flag = false;                  // bool
  std::span<const std::byte> str;     // definite byte/text string payload (a view into the input)
  size_t offset = 0;                  // where the token starts in the input

  std::string_view text() const { return {reinterpret_cast<const char*>(str.data()), str.size()}; }
};

class CborReader {
 public:
  static constexpr size_t kMaxDepth = 16;

  explicit CborReader(std::span<const std::byte> in) : in_(in) {}

  /// The next token. Errors: kCorrupt (malformed CBOR, with the byte offset), kOutOfRange (the
  /// input ends inside an item).
  core::Result<CborToken> next();
  /// Skips the rest of the item that `first` opened (nothing for scalars and definite strings).
  /// Errors: those of next(), kCorrupt for a misplaced break or nesting deeper than kMaxDepth.
  core::Status skip(const CborToken& first);

  size_t offset() const { return pos_; }
  bool at_end() const { return pos_ >= in_.size(); }

 private:
  std::span<const std::byte> in_;
  size_t pos_ = 0;
};

/// What went wrong while decoding a request body, for the "rsn" text.
struct BodyProblem {
  const char* what = "";      // static text
  std::string_view key;       // the key concerned (a view into the request), may be empty
  size_t offset = 0;          // byte offset in the body
};

/// MapReader: walks the top-level map of an SMP body. Keys are text (definite, or indefinite up to
/// kMaxKey bytes); entries with other keys are skipped. Values that are not scalars (arrays, maps,
/// tags, indefinite strings) are skipped and reported by kind only.
class MapReader {
 public:
  static constexpr size_t kMaxKey = 24;

  struct Entry {
    std::string_view key;
    CborToken value;
  };

  /// An empty body is an empty map. Anything else must be exactly one map.
  explicit MapReader(std::span<const std::byte> body) : reader_(body) {}

  /// Next entry into `e`; false at the end of the map (after checking nothing follows it).
  /// On failure `problem` says what and where.
  bool next(Entry& e, bool& done, BodyProblem& problem);

 private:
  bool open(BodyProblem& problem);
  bool read_key(std::string_view& key, bool& is_text, BodyProblem& problem);
  bool fail(BodyProblem& problem, const char* what, size_t offset);

  CborReader reader_;
  bool opened_ = false;
  bool indefinite_ = false;
  uint64_t remaining_ = 0;
  std::array<char, kMaxKey> key_buf_{};
};

/// Declarative field decoding: a request handler lists the keys it knows with their types; other
/// keys are ignored (clients may add keys), a known key with the wrong type is an error.
enum class FieldType : uint8_t { kUint, kBool, kBytes, kText, kBoolOrUint };

struct FieldSpec {
  std::string_view key;
  FieldType type;
};

struct FieldValue {
  bool present = false;
  uint64_t u = 0;       // kUint, and kBoolOrUint (true = 1)
  bool b = false;       // kBool, and kBoolOrUint (non-zero = true)
  std::span<const std::byte> bytes;
  std::string_view text;
};

/// Fills values[i] for specs[i]; returns false with `problem` set on malformed CBOR or a type error.
bool decode_fields(std::span<const std::byte> body, std::span<const FieldSpec> specs,
                   std::span<FieldValue> values, BodyProblem& problem);

}  // namespace norboot::smp
