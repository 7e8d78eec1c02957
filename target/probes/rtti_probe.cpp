// Deliberately breaks the device rules: dynamic_cast needs RTTI (a compile error under -fno-rtti).
struct ProbeBase {
  virtual ~ProbeBase() = default;
};
struct ProbeDerived : ProbeBase {};
bool probe_rtti(ProbeBase* b) { return dynamic_cast<ProbeDerived*>(b) != nullptr; }
