// oracle_mock_orange: the mock Orange SMS API as a process, for test suites
// that run it beside the program they test.
//
//   oracle_mock_orange [--dir DIR] [--client-id ID] [--client-secret SECRET]
//                      [--sender tel:+2250000] [--token-lifetime SECONDS]
//                      [--slow-delay-ms MS] [--exit-on-stdin-eof]
//
// Prints one JSON line on stdout, e.g.
//   {"port":40123,"base_url":"https://127.0.0.1:40123","ca_file":"/tmp/.../ca.pem",
//    "wrong_host_port":40124,"unknown_ca_port":40125}
// then serves until SIGTERM/SIGINT arrives (or, with --exit-on-stdin-eof,
// until stdin reaches end of file: a parent holding a pipe cannot leave it
// behind).
// Over HTTPS on `port`:
//   GET  /__admin/counts   {"accepted_total":N,"by_recipient":{"+225...":n},
//                           "by_text":{...},"token_requests":n,
//                           "send_requests":n,"connections":n,"violations":[]}
//   POST /__admin/reset    forget counts, faults and violations
//   POST /__admin/faults   {"fault":"503","count":2} or
//                          {"fault":"reset_after_request","recipient":"+225...","count":-1}
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "mock_orange.h"

int main(int argc, char** argv) {
  oracle_test::MockOrange::Options options;
  bool exit_on_stdin_eof = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::cerr << "oracle_mock_orange: " << a << " needs a value\n";
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--dir") options.dir = value();
    else if (a == "--client-id") options.client_id = value();
    else if (a == "--client-secret") options.client_secret = value();
    else if (a == "--sender") options.sender_address = value();
    else if (a == "--token-lifetime") options.token_lifetime_s = std::stoi(value());
    else if (a == "--exit-on-stdin-eof") exit_on_stdin_eof = true;
    else if (a == "--slow-delay-ms") options.slow_delay = std::chrono::milliseconds(std::stoi(value()));
    else {
      std::cerr << "oracle_mock_orange: unknown argument " << a << "\n";
      return 2;
    }
  }
  // Block the stop signals here; a thread waits for them below.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  std::unique_ptr<oracle_test::MockOrange> mock =
      oracle_test::MockOrange::Start(options);
  if (!mock) {
    std::cerr << "oracle_mock_orange: cannot start\n";
    return 1;
  }
  nlohmann::json hello = {{"port", mock->port()},
                          {"base_url", mock->base_url()},
                          {"ca_file", mock->ca_file()},
                          {"wrong_host_port", mock->wrong_host_port()},
                          {"unknown_ca_port", mock->unknown_ca_port()}};
  std::cout << hello.dump() << std::endl;

  if (exit_on_stdin_eof) {
    std::thread stdin_watch([] {
      char buf[256];
      while (read(0, buf, sizeof buf) > 0) {
      }
      kill(getpid(), SIGTERM);
    });
    stdin_watch.detach();
  }
  int sig = 0;
  sigwait(&signals, &sig);
  mock.reset();
  std::cerr << "oracle_mock_orange: stopped\n";
  return 0;
}
