// Deliberately breaks the device rules: a throw (a compile error under -fno-exceptions).
int probe_throw(int v) {
  if (v < 0) throw v;
  return v;
}
