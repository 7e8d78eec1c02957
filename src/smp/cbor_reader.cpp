#include "smp/cbor_reader.hpp"

#include <cbor.h>

#include <cstring>

namespace norboot::smp {
namespace {

using core::Errc;

// libcbor calls exactly one callback per cbor_stream_decode() that finishes; each one records its
// token here.
struct Sink {
  CborToken* tok;
};

CborToken& tok(void* ctx) { return *static_cast<Sink*>(ctx)->tok; }

void set(void* ctx, CborKind kind, uint64_t value = 0) {
  tok(ctx).kind = kind;
  tok(ctx).value = value;
}

void set_str(void* ctx, CborKind kind, cbor_data data, size_t len) {
  auto* sink = static_cast<Sink*>(ctx);
  set(ctx, kind, len);
  sink->tok->str = std::as_bytes(std::span(data, len));
}

cbor_callbacks make_callbacks() {
  cbor_callbacks c = cbor_empty_callbacks;
  c.uint8 = [](void* x, uint8_t v) { set(x, CborKind::kUint, v); };
  c.uint16 = [](void* x, uint16_t v) { set(x, CborKind::kUint, v); };
  c.uint32 = [](void* x, uint32_t v) { set(x, CborKind::kUint, v); };
  c.uint64 = [](void* x, uint64_t v) { set(x, CborKind::kUint, v); };
  c.negint8 = [](void* x, uint8_t v) { set(x, CborKind::kNegint, v); };
  c.negint16 = [](void* x, uint16_t v) { set(x, CborKind::kNegint, v); };
  c.negint32 = [](void* x, uint32_t v) { set(x, CborKind::kNegint, v); };
  c.negint64 = [](void* x, uint64_t v) { set(x, CborKind::kNegint, v); };
  // libcbor's field names are the reliable part (its comments on these four are swapped).
  c.byte_string = [](void* x, cbor_data d, size_t n) { set_str(x, CborKind::kBytes, d, n); };
  c.byte_string_start = [](void* x) { set(x, CborKind::kBytesIndef); };
  c.string = [](void* x, cbor_data d, size_t n) { set_str(x, CborKind::kText, d, n); };
  c.string_start = [](void* x) { set(x, CborKind::kTextIndef); };
  c.array_start = [](void* x, size_t n) { set(x, CborKind::kArray, n); };
  c.indef_array_start = [](void* x) { set(x, CborKind::kArrayIndef); };
  c.map_start = [](void* x, size_t n) { set(x, CborKind::kMap, n); };
  c.indef_map_start = [](void* x) { set(x, CborKind::kMapIndef); };
  c.tag = [](void* x, uint64_t v) { set(x, CborKind::kTag, v); };
  c.float2 = [](void* x, float) { set(x, CborKind::kFloat); };
  c.float4 = [](void* x, float) { set(x, CborKind::kFloat); };
  c.float8 = [](void* x, double) { set(x, CborKind::kFloat); };
  c.undefined = [](void* x) { set(x, CborKind::kUndefined); };
  c.null = [](void* x) { set(x, CborKind::kNull); };
  c.boolean = [](void* x, bool v) {
    set(x, CborKind::kBool);
    tok(x).flag = v;
  };
  c.indef_break = [](void* x) { set(x, CborKind::kBreak); };
  return c;
}

const cbor_callbacks& callbacks() {
  static const cbor_callbacks kCallbacks = make_callbacks();
  return kCallbacks;
}

constexpr uint64_t kIndefinite = ~uint64_t{0};

// How many more items complete an item that starts with `t` (0 for scalars).
uint64_t items_inside(const CborToken& t) {
  switch (t.kind) {
    case CborKind::kArray: return t.value;
    case CborKind::kMap: return t.value * 2;
    case CborKind::kTag: return 1;
    case CborKind::kArrayIndef:
    case CborKind::kMapIndef:
    case CborKind::kBytesIndef:
    case CborKind::kTextIndef: return kIndefinite;
    default: return 0;
  }
}

}  // namespace

core::Result<CborToken> CborReader::next() {
  CborToken t;
  t.offset = pos_;
  if (pos_ >= in_.size()) {
    return std::unexpected(core::Error{.code = Errc::kOutOfRange, .what = "CBOR ends inside an item",
                                       .offset = static_cast<uint32_t>(pos_)});
  }
  Sink sink{&t};
  auto r = cbor_stream_decode(reinterpret_cast<cbor_data>(in_.data() + pos_), in_.size() - pos_,
                              &callbacks(), &sink);
  if (r.status == CBOR_DECODER_NEDATA) {
    return std::unexpected(core::Error{.code = Errc::kOutOfRange, .what = "CBOR ends inside an item",
                                       .offset = static_cast<uint32_t>(pos_)});
  }
  if (r.status != CBOR_DECODER_FINISHED || r.read == 0) {
    return std::unexpected(core::Error{.code = Errc::kCorrupt, .what = "malformed CBOR",
                                       .offset = static_cast<uint32_t>(pos_)});
  }
  pos_ += r.read;
  // A definite count can never exceed the bytes left (each item takes at least one byte): this
  // also keeps count arithmetic far from overflow.
  if ((t.kind == CborKind::kArray || t.kind == CborKind::kMap) && t.value > in_.size() - pos_) {
    return std::unexpected(core::Error{.code = Errc::kCorrupt, .what = "CBOR count exceeds the body",
                                       .offset = static_cast<uint32_t>(t.offset)});
  }
  return t;
}

core::Status CborReader::skip(const CborToken& first) {
  std::array<uint64_t, kMaxDepth> left{};
  size_t depth = 0;
  auto open = [&](const CborToken& t) -> core::Status {
    uint64_t n = items_inside(t);
    if (n == 0) return core::ok();
    if (depth == kMaxDepth) {
      return std::unexpected(core::Error{.code = Errc::kCorrupt, .what = "CBOR nested too deep",
                                         .offset = static_cast<uint32_t>(t.offset)});
    }
    left[depth++] = n;
    return core::ok();
  };
  // One item finished at the current level; finished containers finish their parents in turn.
  auto complete = [&] {
    while (depth > 0 && left[depth - 1] != kIndefinite) {
      if (--left[depth - 1] != 0) return;
      --depth;
    }
  };
  NB_TRY(open(first));
  while (depth > 0) {
    CborToken t = NB_TRY(next());
    if (t.kind == CborKind::kBreak) {
      if (left[depth - 1] != kIndefinite) {
        return std::unexpected(core::Error{.code = Errc::kCorrupt, .what = "CBOR break inside a definite item",
                                           .offset = static_cast<uint32_t>(t.offset)});
      }
      --depth;
      complete();
      continue;
    }
    size_t before = depth;
    NB_TRY(open(t));
    if (depth == before) complete();
  }
  return core::ok();
}

bool MapReader::fail(BodyProblem& problem, const char* what, size_t offset) {
  problem.what = what;
  problem.offset = offset;
  return false;
}

bool MapReader::open(BodyProblem& problem) {
  opened_ = true;
  if (reader_.at_end()) {  // an absent body is an empty map
    remaining_ = 0;
    return true;
  }
  auto t = reader_.next();
  if (!t) return fail(problem, t.error().what, t.error().offset);
  if (t->kind == CborKind::kMap) {
    remaining_ = t->value;
  } else if (t->kind == CborKind::kMapIndef) {
    indefinite_ = true;
  } else {
    return fail(problem, "body is not a CBOR map", t->offset);
  }
  return true;
}

bool MapReader::read_key(std::string_view& key, bool& is_text, BodyProblem& problem) {
  auto t = reader_.next();
  if (!t) return fail(problem, t.error().what, t.error().offset);
  is_text = false;
  if (t->kind == CborKind::kText) {
    key = t->text();
    is_text = true;
    return true;
  }
  if (t->kind != CborKind::kTextIndef) {
    auto s = reader_.skip(*t);  // an integer or other key: not one of ours
    return s ? true : fail(problem, s.error().what, s.error().offset);
  }
  // Indefinite text key: join its chunks into key_buf_; a key longer than that is not ours.
  size_t len = 0;
  bool fits = true;
  for (;;) {
    auto c = reader_.next();
    if (!c) return fail(problem, c.error().what, c.error().offset);
    if (c->kind == CborKind::kBreak) break;
    if (c->kind != CborKind::kText) return fail(problem, "indefinite text key holds a non-text chunk", c->offset);
    if (len + c->str.size() > key_buf_.size()) fits = false;
    if (fits) std::memcpy(key_buf_.data() + len, c->str.data(), c->str.size());
    if (fits) len += c->str.size();
  }
  key = std::string_view(key_buf_.data(), len);
  is_text = fits;
  return true;
}

bool MapReader::next(Entry& e, bool& done, BodyProblem& problem) {
  done = false;
  if (!opened_ && !open(problem)) return false;
  for (;;) {
    if (!indefinite_ && remaining_ == 0) break;
    if (indefinite_ && !reader_.at_end()) {
      // Peek for the break that ends an indefinite map.
      CborReader peek = reader_;
      auto t = peek.next();
      if (t && t->kind == CborKind::kBreak) {
        reader_ = peek;
        indefinite_ = false;
        remaining_ = 0;
        break;
      }
    }
    bool is_text = false;
    if (!read_key(e.key, is_text, problem)) return false;
    auto v = reader_.next();
    if (!v) return fail(problem, v.error().what, v.error().offset);
    if (v->kind == CborKind::kBreak) return fail(problem, "map entry without a value", v->offset);
    auto s = reader_.skip(*v);
    if (!s) return fail(problem, s.error().what, s.error().offset);
    if (!indefinite_) --remaining_;
    if (!is_text) continue;
    e.value = *v;
    return true;
  }
  if (!reader_.at_end()) return fail(problem, "bytes after the body's map", reader_.offset());
  done = true;
  return true;
}

namespace {

bool type_matches(FieldType type, const CborToken& v, FieldValue& out) {
  switch (type) {
    case FieldType::kUint:
      if (v.kind != CborKind::kUint) return false;
      out.u = v.value;
      return true;
    case FieldType::kBool:
      if (v.kind != CborKind::kBool) return false;
      out.b = v.flag;
      return true;
    case FieldType::kBoolOrUint:
      if (v.kind == CborKind::kBool) {
        out.b = v.flag;
        out.u = v.flag ? 1 : 0;
        return true;
      }
      if (v.kind != CborKind::kUint) return false;
      out.u = v.value;
      out.b = v.value != 0;
      return true;
    case FieldType::kBytes:
      if (v.kind != CborKind::kBytes) return false;
      out.bytes = v.str;
      return true;
    case FieldType::kText:
      if (v.kind != CborKind::kText) return false;
      out.text = v.text();
      return true;
  }
  return false;
}

constexpr const char* type_error(FieldType type) {
  switch (type) {
    case FieldType::kUint: return "expected an unsigned integer";
    case FieldType::kBool: return "expected a bool";
    case FieldType::kBoolOrUint: return "expected a bool or an unsigned integer";
    case FieldType::kBytes: return "expected a definite byte string";
    case FieldType::kText: return "expected a definite text string";
  }
  return "wrong type";
}

}  // namespace

bool decode_fields(std::span<const std::byte> body, std::span<const FieldSpec> specs,
                   std::span<FieldValue> values, BodyProblem& problem) {
  for (FieldValue& v : values) v = FieldValue{};
  MapReader map(body);
  MapReader::Entry e;
  for (;;) {
    bool done = false;
    if (!map.next(e, done, problem)) return false;
    if (done) return true;
    for (size_t i = 0; i < specs.size() && i < values.size(); ++i) {
      if (specs[i].key != e.key) continue;
      FieldValue v;
      if (!type_matches(specs[i].type, e.value, v)) {
        problem = BodyProblem{type_error(specs[i].type), specs[i].key, e.value.offset};
        return false;
      }
      v.present = true;  // a repeated key: the last one wins
      values[i] = v;
    }
  }
}

}  // namespace norboot::smp
