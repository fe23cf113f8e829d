// Included once by every engine_webrtc test (each is its own executable).
//
// 1. Loopback-only network: WebRTC tests must never send ICE checks or media beyond 127.0.0.1.
//    tests/netns-run runs a command in a fresh network namespace; when a test is started another way
//    (ctest), it moves itself into one before main() — while the process still has one thread, so
//    every GStreamer thread created later inherits it. Without the privilege it warns and runs in
//    the host namespace (the peers still gather only 127.0.0.1, see kLoopback).
// 2. LeakSanitizer suppressions for GStreamer's and GLib's process-lifetime allocations (type
//    system, plugin registry, GLib's own library constructor). GLib is built without frame
//    pointers, so with ASan's default fast unwinder a GLib allocation's stack ends inside libglib
//    and cannot name our code anyway: GLib-allocated memory is left to the thread/fd leak test, our
//    own new/malloc stays checked. OpenSSL's exit-time cleanup frees its registry of per-thread
//    random-generator state while GStreamer's idle pool threads still hold theirs (~0.5 KiB per
//    thread, once per process, not per call: checked over 5 and 20 calls). GStreamer's bundled
//    usrsctp, shut down whenever its last association goes, now and then loses a few buffers of
//    one still closing (~150 KiB in 5 blocks, about one run in six, never growing with calls).
#pragma once

#include <net/if.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

namespace irtc::test {

inline bool onlyLoopbackInterfaces() {
  struct if_nameindex* names = if_nameindex();
  if (!names) return false;
  bool onlyLo = true;
  for (auto* n = names; n->if_index != 0; ++n) onlyLo = onlyLo && std::strcmp(n->if_name, "lo") == 0;
  if_freenameindex(names);
  return onlyLo;
}

inline bool bringLoopbackUp() {
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0) return false;
  ifreq request{};
  std::strncpy(request.ifr_name, "lo", IFNAMSIZ - 1);
  bool ok = ioctl(fd, SIOCGIFFLAGS, &request) == 0;
  if (ok && !(request.ifr_flags & IFF_UP)) {
    request.ifr_flags = short(request.ifr_flags | IFF_UP | IFF_RUNNING);
    ok = ioctl(fd, SIOCSIFFLAGS, &request) == 0;
  }
  ::close(fd);
  return ok;
}

inline const bool kInLoopbackNamespace = [] {
  if (!onlyLoopbackInterfaces() && unshare(CLONE_NEWNET) != 0) {
    std::fprintf(stderr,
                 "warning: cannot enter a loopback-only network namespace (%s); WebRTC tests run in "
                 "the host namespace, restricted to 127.0.0.1\n",
                 std::strerror(errno));
    return false;
  }
  return bringLoopbackUp();
}();

}  // namespace irtc::test

extern "C" __attribute__((used)) const char* __lsan_default_suppressions() {
  return "leak:gst_init\n"
         "leak:gst_plugin_load\n"
         "leak:gst_plugin_feature_load\n"
         "leak:gst_registry\n"
         "leak:g_type_register\n"
         "leak:g_type_class_ref\n"
         "leak:g_type_add_interface\n"
         "leak:g_param_spec\n"
         "leak:g_quark\n"
         "leak:libglib-2.0.so\n"
         "leak:libcrypto.so\n"
         "leak:libgstsctp.so\n";
}
