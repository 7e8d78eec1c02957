#include "tools/mcumgr/client.hpp"

#include <fmt/core.h>

#include "tools/mcumgr/cbor_json.hpp"

namespace norboot::tools::mcumgr {

namespace {

std::string code_text_of(uint16_t rc, uint16_t group, uint16_t group_rc) {
  if (group_rc != 0) {
    std::string_view name = group == 1 ? smp::img_err_name(group_rc) : group == 0 ? smp::os_err_name(group_rc) : "";
    std::string_view gname = smp::group_name(group);
    return fmt::format("{} ({} group rc {})", name.empty() ? "error" : name,
                       gname.empty() ? fmt::format("{}", group) : std::string(gname), group_rc);
  }
  std::string_view name = smp::mgmt_err_name(rc);
  return fmt::format("{} (rc {})", name.empty() ? "error" : name, rc);
}

}  // namespace

DeviceError::DeviceError(std::string op, uint16_t rc_, uint16_t group_, uint16_t group_rc_, std::string rsn_)
    : std::runtime_error(fmt::format("device refused {}: {}{}{}", op, code_text_of(rc_, group_, group_rc_),
                                     rsn_.empty() ? "" : ": ", rsn_)),
      operation(std::move(op)), rc(rc_), group(group_), group_rc(group_rc_), rsn(std::move(rsn_)) {}

std::string DeviceError::code_text() const { return code_text_of(rc, group, group_rc); }

std::vector<std::byte> build_body(const std::function<void(smp::CborWriter&)>& fill, size_t capacity) {
  std::vector<std::byte> buf(capacity);
  smp::CborWriter w(buf);
  fill(w);
  if (!w.ok()) throw std::length_error(fmt::format("request body larger than {} bytes", capacity));
  buf.resize(w.size());
  return buf;
}

void check_response(const std::string& operation, const nlohmann::json& body) {
  if (!body.is_object()) throw TransportError(operation + ": the response body is not a CBOR map");
  std::string rsn = body.contains("rsn") && body["rsn"].is_string() ? body["rsn"].get<std::string>() : "";
  if (body.contains("err") && body["err"].is_object()) {
    const auto& e = body["err"];
    uint16_t rc = e.value("rc", 0);
    if (rc != 0) throw DeviceError(operation, 0, e.value("group", 0), rc, rsn);
  }
  if (body.contains("rc") && body["rc"].is_number_integer() && body["rc"].get<int>() != 0) {
    throw DeviceError(operation, body["rc"].get<uint16_t>(), 0, 0, rsn);
  }
}

std::optional<Response> SmpClient::wait_for(const smp::Header& request, milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    auto left = std::chrono::duration_cast<milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return std::nullopt;
    auto raw = transport_.receive(left);
    if (!raw) return std::nullopt;
    auto h = smp::decode_header(*raw);
    // Answers to earlier (retried) requests and anything unrelated are skipped.
    if (!h || h->is_request() || h->seq != request.seq || h->group != request.group || h->command != request.command) {
      continue;
    }
    auto body = std::span<const std::byte>(*raw).subspan(smp::kHeaderSize);
    if (body.size() < h->length) throw TransportError("response shorter than its header says");
    return Response{*h, cbor_to_json(body.first(h->length))};
  }
}

Response SmpClient::call(const std::string& operation, smp::Op op, uint16_t group, uint8_t command,
                         std::span<const std::byte> body, std::optional<milliseconds> timeout) {
  smp::Header h{options_.version, static_cast<uint8_t>(op), 0, static_cast<uint16_t>(body.size()), group, seq_++, command};
  std::vector<std::byte> msg(smp::kHeaderSize + body.size());
  smp::encode_header(h, std::span(msg).first<smp::kHeaderSize>());
  std::copy(body.begin(), body.end(), msg.begin() + smp::kHeaderSize);
  // The link's own transfer time (both ways) is added so a slow serial line is not a timeout.
  milliseconds per_try = timeout.value_or(options_.timeout) + 2 * transport_.transfer_time(msg.size());
  for (int attempt = 1; attempt <= std::max(1, options_.tries); ++attempt) {
    ++requests_;
    if (attempt > 1) ++retries_;
    transport_.send(msg);
    if (auto r = wait_for(h, per_try)) {
      check_response(operation, r->body);
      return *r;
    }
  }
  throw TransportError(fmt::format("no answer from {} to {} after {} tr{} of {:.1f} s", transport_.describe(),
                                   operation, options_.tries, options_.tries == 1 ? "y" : "ies",
                                   per_try.count() / 1000.0));
}

std::optional<std::pair<uint32_t, uint32_t>> SmpClient::params() {
  try {
    auto r = call("mcumgr params", smp::Op::kRead, 0, smp::os_cmd::kParams, {});
    if (!r.body.contains("buf_size")) return std::nullopt;
    return std::pair{r.body["buf_size"].get<uint32_t>(), r.body.value("buf_count", 1u)};
  } catch (const DeviceError&) {
    return std::nullopt;  // an older device without the command: the caller picks a safe size
  }
}

}  // namespace norboot::tools::mcumgr
