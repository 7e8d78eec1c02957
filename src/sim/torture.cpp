#include "sim/torture.hpp"

#include <algorithm>

#include "boot/app_api.hpp"

namespace norboot::sim {

namespace {

constexpr size_t kMaxReplaysKept = 10;

std::string chain_text(const std::vector<uint64_t>& chain) {
  std::string s;
  for (size_t i = 0; i < chain.size(); ++i) {
    if (i) s += ',';
    s += std::to_string(chain[i]);
  }
  return s;
}

uint64_t run_seed(uint64_t base, const std::vector<uint64_t>& chain) {
  TornRng rng(base);
  uint64_t h = rng.next();
  for (uint64_t k : chain) h = TornRng(h ^ k).next();
  return h;
}

std::string describe(const core::Error& e) {
  char buf[200];
  core::format_error(e, buf);
  return buf;
}

}  // namespace

std::string_view scenario_name(Scenario s) {
  switch (s) {
    case Scenario::kUpgrade: return "upgrade";
    case Scenario::kRevert: return "revert";
    case Scenario::kPermanent: return "permanent";
  }
  return "?";
}

std::optional<Scenario> parse_scenario(std::string_view name) {
  for (Scenario s : {Scenario::kUpgrade, Scenario::kRevert, Scenario::kPermanent}) {
    if (scenario_name(s) == name) return s;
  }
  return std::nullopt;
}

Torture::Outcome Torture::run_chain(const std::vector<uint64_t>& chain, bool torn, uint64_t seed) {
  t_.reset();
  PowerDomain& pd = t_.power();
  Outcome o;
  for (size_t level = 0;; ++level) {
    if (level < chain.size()) {
      pd.arm({.at_op = pd.ops() + chain[level], .mode = torn ? CutMode::kTorn : CutMode::kClean, .seed = seed + level});
    } else {
      pd.disarm();
    }
    auto r = t_.boot();
    ++boots_;
    if (r) {
      pd.disarm();
      o.why = check(*r, o);
      o.ok = o.why.empty();
      return o;
    }
    if (r.error().code != core::Errc::kPowerLost || pd.alive()) {
      o.ok = false;
      o.why = "boot failed without a power cut: " + describe(r.error());
      return o;
    }
    ++o.cuts_landed;
    pd.reboot();
    auto st = boot::read_state(t_.areas().primary, t_.areas().secondary);
    if (st && st->next.type == boot::SwapType::kRevert) o.finished_test_seen = true;
    if (level > chain.size()) {
      o.ok = false;
      o.why = "recovery never finished";
      return o;
    }
  }
}

std::string Torture::check_end_state(const EndState& e) {
  if (e.running && !t_.holds("primary", 0, *e.running)) return "primary does not hold the expected image";
  if (e.preserved && !t_.holds(e.preserved_area, e.preserved_off, *e.preserved)) {
    return "the image a revert needs is damaged in " + e.preserved_area;
  }
  auto st = boot::read_state(t_.areas().primary, t_.areas().secondary);
  if (!st) return "trailers unreadable: " + describe(st.error());
  if (st->next.type != e.next) {
    return std::string("next boot would do '") + boot::swap_type_name(st->next.type) + "', expected '" +
           boot::swap_type_name(e.next) + "'";
  }
  if (st->confirmed != e.confirmed) return e.confirmed ? "image left unconfirmed" : "image confirmed unexpectedly";
  return {};
}

std::string Torture::check(const boot::BootResult& r, const Outcome& o) {
  if (!r.bootable) return "no bootable image after recovery";
  const uint32_t cuts = o.cuts_landed;
  std::string why;
  bool matched = false;
  for (const EndState& e : expect_.allowed) {
    if (e.needs_finished_test && !o.finished_test_seen) continue;
    const std::string w = check_end_state(e);
    if (w.empty()) {
      matched = true;
      break;
    }
    why += (why.empty() ? "" : "; ") + e.name + ": " + w;
  }
  if (!matched) return why;
  for (const auto& [dev, n] : t_.max_sector_erases()) {
    worst_erases_ = std::max(worst_erases_, n);
    // Each cut may redo the stage it interrupted (one more erase of its sectors) and restart a
    // trailer reset: two erases of budget per cut on top of the uncut run's worst sector.
    if (n > uncut_max_erases_ + 2 * cuts) {
      return dev + " sector erased " + std::to_string(n) + " times, budget " + std::to_string(uncut_max_erases_ + 2 * cuts);
    }
  }
  return {};
}

uint64_t Torture::count_ops_after(const std::vector<uint64_t>& prefix, bool torn, uint64_t seed) {
  t_.reset();
  PowerDomain& pd = t_.power();
  for (size_t level = 0; level < prefix.size(); ++level) {
    pd.arm({.at_op = pd.ops() + prefix[level], .mode = torn ? CutMode::kTorn : CutMode::kClean, .seed = seed + level});
    auto r = t_.boot();
    ++boots_;
    if (r) return 0;  // the prefix did not land: nothing after it to cut
    pd.reboot();
  }
  pd.disarm();
  const uint64_t before = pd.ops();
  (void)t_.boot();
  ++boots_;
  return pd.ops() - before;
}

void Torture::record(TortureReport& rep, const std::vector<uint64_t>& chain, bool torn, uint64_t seed,
                     const Outcome& o) {
  if (o.cuts_landed > 0) ++rep.cut_points;
  if (o.ok) return;
  ++rep.failures;
  if (rep.replays.size() < kMaxReplaysKept) {
    std::string line = opt_.replay_prefix + " --replay " + chain_text(chain) + " --seed " + std::to_string(seed);
    if (torn) line += " --torn";
    rep.replays.push_back(line + opt_.replay_suffix);
    rep.failure_reasons.push_back(o.why);
  }
}

TortureReport Torture::run() {
  TortureReport rep;
  // The uncut run sets the operation count and the erase budget.
  rep.scenario_ops = count_ops_after({}, false, 0);
  for (const auto& [dev, n] : t_.max_sector_erases()) uncut_max_erases_ = std::max(uncut_max_erases_, n);
  if (!opt_.replay.empty()) {
    record(rep, opt_.replay, opt_.torn, opt_.seed, run_chain(opt_.replay, opt_.torn, opt_.seed));
  } else if (opt_.random_runs > 0) {
    TornRng rng(opt_.seed);
    for (uint32_t i = 0; i < opt_.random_runs; ++i) {
      std::vector<uint64_t> chain;
      for (uint32_t d = 0; d < opt_.depth; ++d) chain.push_back(1 + rng.below(rep.scenario_ops));
      const bool torn = opt_.torn && (rng.next() & 1);
      const uint64_t seed = run_seed(opt_.seed, chain);
      record(rep, chain, torn, seed, run_chain(chain, torn, seed));
    }
  } else {
    std::vector<uint64_t> chain;
    exhaustive(rep, chain);
  }
  rep.boots = boots_;
  rep.max_sector_erases = worst_erases_;
  return rep;
}

void Torture::exhaustive(TortureReport& rep, std::vector<uint64_t>& chain) {
  // Every cut point at this level; below the last level, every cut point of each recovery too.
  const uint64_t n = chain.empty() ? rep.scenario_ops : count_ops_after(chain, false, run_seed(opt_.seed, chain));
  for (uint64_t k = 1; k <= n; ++k) {
    chain.push_back(k);
    for (bool torn : {false, true}) {
      if (torn && !opt_.torn) continue;
      const uint64_t seed = run_seed(opt_.seed, chain);
      record(rep, chain, torn, seed, run_chain(chain, torn, seed));
    }
    if (chain.size() < opt_.depth) exhaustive(rep, chain);
    chain.pop_back();
  }
}

}  // namespace norboot::sim
