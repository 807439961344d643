// Multi-threaded producer/consumer churn: 4 producers allocate messages
// (std::string payloads in a heap node), 4 consumers free them; every block
// is freed by a different thread than the one that allocated it.
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

struct Message {
  std::string Payload;
  long Seq;
};

int main(int Argc, char **Argv) {
  long PerProducer = Argc > 1 ? std::atol(Argv[1]) : 300000;
  constexpr int Producers = 4, Consumers = 4;
  std::mutex M;
  std::condition_variable NotEmpty;
  std::deque<Message *> Queue;
  int Done = 0;
  long Total = 0;
  std::vector<std::thread> Threads;
  for (int P = 0; P < Producers; ++P)
    Threads.emplace_back([&, P] {
      for (long I = 0; I < PerProducer; ++I) {
        auto *Msg = new Message{std::string(32 + (I * 7 + P) % 200, 'x'), I};
        std::lock_guard<std::mutex> L(M);
        Queue.push_back(Msg);
        NotEmpty.notify_one();
      }
      std::lock_guard<std::mutex> L(M);
      ++Done;
      NotEmpty.notify_all();
    });
  for (int C = 0; C < Consumers; ++C)
    Threads.emplace_back([&] {
      long Seen = 0;
      while (true) {
        std::unique_lock<std::mutex> L(M);
        NotEmpty.wait(L, [&] { return !Queue.empty() || Done == Producers; });
        if (Queue.empty())
          break;
        Message *Msg = Queue.front();
        Queue.pop_front();
        L.unlock();
        Seen += long(Msg->Payload.size());
        delete Msg;
      }
      std::lock_guard<std::mutex> L(M);
      Total += Seen;
    });
  for (auto &T : Threads)
    T.join();
  std::printf("%ld\n", Total);
  return 0;
}
