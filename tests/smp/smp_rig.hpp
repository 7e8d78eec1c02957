#pragma once
// SmpRig: an agent over the RAM backend, with helpers that build requests and decode responses.
// Request bodies are built and responses decoded with nlohmann::json's own CBOR codec, so the
// agent's libcbor encoding is checked by an independent implementation.
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "openssl_sha256.hpp"
#include "ram_image_backend.hpp"
#include "smp/agent.hpp"
#include "smp/header.hpp"

namespace norboot::smp::testing {

using json = nlohmann::json;

inline std::vector<std::byte> to_bytes(const std::vector<uint8_t>& v) {
  std::vector<std::byte> out(v.size());
  std::transform(v.begin(), v.end(), out.begin(), [](uint8_t b) { return std::byte{b}; });
  return out;
}
inline std::vector<uint8_t> to_u8(std::span<const std::byte> v) {
  std::vector<uint8_t> out(v.size());
  std::transform(v.begin(), v.end(), out.begin(), [](std::byte b) { return std::to_integer<uint8_t>(b); });
  return out;
}
inline json bin(std::span<const std::byte> b) { return json::binary(to_u8(b)); }

class CaptureLog final : public core::LogSink {
 public:
  void line(core::Level, std::string_view text) override { lines.emplace_back(text); }
  bool contains(std::string_view s) const {
    return std::any_of(lines.begin(), lines.end(), [&](const std::string& l) { return l.find(s) != std::string::npos; });
  }
  std::vector<std::string> lines;
};

class RecordingReset final : public ResetHandler {
 public:
  void reset_requested(bool force) override {
    ++count;
    last_force = force;
  }
  int count = 0;
  bool last_force = false;
};

struct Reply {
  Header header;
  json body;
  std::vector<std::byte> raw;
};

inline std::vector<std::byte> message(const Header& h, std::span<const std::byte> body) {
  std::vector<std::byte> m(kHeaderSize + body.size());
  Header copy = h;
  copy.length = static_cast<uint16_t>(body.size());
  encode_header(copy, std::span(m).first<kHeaderSize>());
  std::copy(body.begin(), body.end(), m.begin() + kHeaderSize);
  return m;
}

inline Reply parse_reply(std::span<const std::byte> raw) {
  Reply r;
  r.raw.assign(raw.begin(), raw.end());
  r.header = *decode_header(raw);
  auto body = to_u8(raw.subspan(kHeaderSize));
  r.body = body.empty() ? json::object() : json::from_cbor(body);
  return r;
}

struct SmpRig {
  explicit SmpRig(const RamBoardConfig& board = {}, size_t response_size = 4096)
      : backend(board), response(response_size) {}

  Reply send(std::span<const std::byte> msg) {
    size_t n = agent.handle(msg, response);
    if (n == 0) return Reply{};
    return parse_reply(std::span(response).first(n));
  }
  Reply call(Op op, uint16_t group, uint8_t command, const json& body = json::object(), uint8_t version = kVersion2,
             uint8_t seq = 7) {
    auto cbor = body.is_null() ? std::vector<std::byte>{} : to_bytes(json::to_cbor(body));
    return send(message({version, static_cast<uint8_t>(op), 0, 0, group, seq, command}, cbor));
  }
  Reply upload(const json& body, uint8_t version = kVersion2) {
    return call(Op::kWrite, 1, 1, body, version);
  }

  RamImageBackend backend;
  OpenSslSha256 sha;
  AgentConfig config;
  CaptureLog log;
  RecordingReset reset;
  Agent agent{config, backend, sha, &reset, &log};
  std::vector<std::byte> response;
};

}  // namespace norboot::smp::testing
