// HttpTranscriber and HttpSpeech against an in-test server: request shape, answers, error statuses,
// timeouts, streaming and cancellation.
#include "support/test_http_server.hpp"
// (the server header goes first: it must include <utility> before asio)
#include <gtest/gtest.h>

#include <cstring>
#include <nlohmann/json.hpp>

#include "engine/speech/http_speech.hpp"
#include "engine/speech/http_transcriber.hpp"
#include "speech_fixtures.hpp"

namespace irtc::engine {
namespace {

using namespace irtc::engine::test;
using namespace irtc::test;
using namespace std::chrono_literals;

const std::string kKey = "sk-test-secret-123";

struct Part {
  std::map<std::string, std::string> headers;
  std::string body;
};

// Splits a multipart/form-data body into parts keyed by their form name.
std::map<std::string, Part> parseMultipart(const std::string& contentType, const std::string& body) {
  std::map<std::string, Part> parts;
  const auto at = contentType.find("boundary=");
  if (at == std::string::npos) return parts;
  const std::string delimiter = "--" + contentType.substr(at + 9);
  std::size_t pos = body.find(delimiter);
  while (pos != std::string::npos) {
    pos += delimiter.size();
    if (body.compare(pos, 2, "--") == 0) break;
    pos += 2;  // CRLF
    const std::size_t headEnd = body.find("\r\n\r\n", pos);
    const std::size_t next = body.find("\r\n" + delimiter, headEnd);
    if (headEnd == std::string::npos || next == std::string::npos) break;
    Part part;
    std::string head = body.substr(pos, headEnd - pos);
    for (std::size_t line = 0; line < head.size();) {
      std::size_t end = head.find("\r\n", line);
      if (end == std::string::npos) end = head.size();
      const std::string h = head.substr(line, end - line);
      const auto colon = h.find(':');
      if (colon != std::string::npos) part.headers[h.substr(0, colon)] = h.substr(colon + 2);
      line = end + 2;
    }
    part.body = body.substr(headEnd + 4, next - headEnd - 4);
    const std::string& disposition = part.headers["Content-Disposition"];
    const auto name = disposition.find("name=\"");
    if (name != std::string::npos) {
      parts[disposition.substr(name + 6, disposition.find('"', name + 6) - name - 6)] = part;
    }
    pos = next + 2;
  }
  return parts;
}

uint32_t le32(const std::string& s, std::size_t at) {
  return static_cast<uint8_t>(s[at]) | static_cast<uint8_t>(s[at + 1]) << 8 |
         static_cast<uint8_t>(s[at + 2]) << 16 | static_cast<uint32_t>(static_cast<uint8_t>(s[at + 3])) << 24;
}

TestResponse json(std::string body, int status = 200, std::chrono::milliseconds delay = 0ms) {
  TestResponse r;
  r.status = status;
  r.body = std::move(body);
  r.delayBeforeHeaders = delay;
  return r;
}

TestResponse pcmStream(std::vector<std::string> chunks, std::chrono::milliseconds gap) {
  TestResponse r;
  r.contentType = "audio/pcm";
  r.chunks = std::move(chunks);
  r.delayBetweenChunks = gap;
  return r;
}

HttpTranscriberOptions transcriberOptions(const TestHttpServer& server) {
  HttpTranscriberOptions o;
  o.baseUrl = server.baseUrl();
  o.apiKey = kKey;
  o.model = "whisper-test";
  o.workers = 2;
  return o;
}

TEST(HttpTranscriber, SendsAWavInOpenAiMultipartAndReadsTheText) {
  std::string problem = "no request";
  TestHttpServer server([&](const TestRequest& rq) {
    problem.clear();
    auto check = [&](bool ok, const std::string& what) {
      if (!ok && problem.empty()) problem = what;
    };
    check(rq.method == "POST", "method " + rq.method);
    check(rq.target == "/v1/audio/transcriptions", "target " + rq.target);
    check(rq.header("authorization") == "Bearer " + kKey, "authorization");
    check(rq.header("content-type").starts_with("multipart/form-data; boundary="), "content type");
    auto parts = parseMultipart(rq.header("content-type"), rq.body);
    check(parts["model"].body == "whisper-test", "model");
    check(parts["response_format"].body == "json", "response_format");
    Part& file = parts["file"];
    check(file.headers["Content-Disposition"].find("filename=\"audio.wav\"") != std::string::npos,
          "filename");
    check(file.headers["Content-Type"] == "audio/wav", "file content type");
    const std::string& wav = file.body;
    check(wav.size() == 44 + 16000 * 2 && wav.starts_with("RIFF") && wav.substr(8, 8) == "WAVEfmt ",
          "wav header");
    check(le32(wav, 24) == 16000 && static_cast<uint8_t>(wav[22]) == 1 && static_cast<uint8_t>(wav[34]) == 16,
          "16 kHz mono 16-bit");
    check(le32(wav, 40) == 16000 * 2, "data size");
    return json(R"({"text":"I have five years of experience."})");
  });
  HttpTranscriber stt(transcriberOptions(server));
  const Transcription t = stt.transcribe(tone(1000, -20));
  EXPECT_EQ(problem, "");
  ASSERT_TRUE(t.ok()) << t.error;
  EXPECT_EQ(t.text, "I have five years of experience.");
  EXPECT_FALSE(t.confidence);
}

TEST(HttpTranscriber, ErrorStatusesAndBadAnswersBecomeCleanErrors) {
  int status = 401;
  std::string body = R"({"error":{"message":"Incorrect API key provided","type":"invalid_request_error"}})";
  TestHttpServer server([&](const TestRequest&) { return json(body, status); });
  HttpTranscriber stt(transcriberOptions(server));
  Transcription t = stt.transcribe(silence(100));
  EXPECT_FALSE(t.ok());
  EXPECT_NE(t.error.find("401"), std::string::npos) << t.error;
  EXPECT_NE(t.error.find("Incorrect API key provided"), std::string::npos) << t.error;
  EXPECT_EQ(t.error.find(kKey), std::string::npos) << "the key must never appear in errors";

  status = 503;
  body = "<html>upstream down</html>";
  t = stt.transcribe(silence(100));
  EXPECT_NE(t.error.find("503"), std::string::npos) << t.error;

  status = 200;
  body = R"({"transcript":"wrong field"})";
  t = stt.transcribe(silence(100));
  EXPECT_NE(t.error.find("without a \"text\""), std::string::npos) << t.error;

  body = "not json";
  EXPECT_FALSE(stt.transcribe(silence(100)).ok());
}

TEST(HttpTranscriber, TimeoutsAndRefusedConnectionsFailCleanly) {
  TestHttpServer slow([](const TestRequest&) { return json(R"({"text":"late"})", 200, 5s); });
  auto options = transcriberOptions(slow);
  options.totalTimeout = 300ms;
  HttpTranscriber stt(options);
  auto start = std::chrono::steady_clock::now();
  Transcription t = stt.transcribe(silence(100));
  EXPECT_LT(msSince(start), 1500);
  EXPECT_NE(t.error.find("no complete answer within 300 ms"), std::string::npos) << t.error;

  // A port nobody listens on: connection refused, reported, not thrown.
  unsigned short closedPort = 0;
  {
    TestHttpServer gone([](const TestRequest&) { return TestResponse{}; });
    closedPort = gone.port();
  }
  options.baseUrl = "http://127.0.0.1:" + std::to_string(closedPort) + "/v1";
  HttpTranscriber refused(options);
  t = refused.transcribe(silence(100));
  EXPECT_NE(t.error.find("cannot connect to 127.0.0.1"), std::string::npos) << t.error;

  // Connect timeout: a non-routable address (TEST-NET-1) never answers the SYN.
  options.baseUrl = "http://192.0.2.1:81/v1";
  options.connectTimeout = 200ms;
  options.totalTimeout = 5s;
  HttpTranscriber unreachable(options);
  start = std::chrono::steady_clock::now();
  t = unreachable.transcribe(silence(100));
  EXPECT_FALSE(t.ok());
  EXPECT_LT(msSince(start), 1500) << t.error;
}

TEST(HttpTranscriber, ConcurrentRequestsAndAFullQueue) {
  TestHttpServer server([](const TestRequest&) { return json(R"({"text":"ok"})", 200, 200ms); });
  auto options = transcriberOptions(server);
  options.workers = 2;
  options.queueCapacity = 2;
  HttpTranscriber stt(options);
  std::atomic<int> done{0};
  int accepted = 0;
  for (int i = 0; i < 8; ++i) {
    accepted += stt.submit(silence(100),
                           [&](Transcription t) {
                             EXPECT_EQ(t.text, "ok");
                             ++done;
                           })
                    ? 1
                    : 0;
  }
  EXPECT_GE(accepted, 2);
  EXPECT_LE(accepted, 4 + 1);
  while (done < accepted) std::this_thread::sleep_for(10ms);
  EXPECT_EQ(server.requests(), accepted);
}

TEST(HttpTranscriber, DestructionAbortsRequestsInFlight) {
  TestHttpServer slow([](const TestRequest&) { return json(R"({"text":"late"})", 200, 5s); });
  std::promise<Transcription> result;
  const auto start = std::chrono::steady_clock::now();
  {
    HttpTranscriber stt(transcriberOptions(slow));
    ASSERT_TRUE(stt.submit(silence(100), [&](Transcription t) { result.set_value(std::move(t)); }));
    while (slow.requests() == 0) std::this_thread::sleep_for(5ms);
  }
  EXPECT_LT(msSince(start), 1000);
  EXPECT_EQ(result.get_future().get().error, "recogniser shutting down");
}

// 24 kHz PCM as the service would send it, cut into pieces of odd sizes so samples straddle them.
std::vector<std::string> pcmPieces(std::size_t samples, std::size_t pieces, std::vector<int16_t>& sent) {
  sent.resize(samples);
  for (std::size_t i = 0; i < samples; ++i) sent[i] = static_cast<int16_t>(i * 7 - 20000);
  std::string bytes(samples * 2, '\0');
  std::memcpy(bytes.data(), sent.data(), bytes.size());
  std::vector<std::string> out;
  const std::size_t step = bytes.size() / pieces | 1;
  for (std::size_t at = 0; at < bytes.size(); at += step) out.push_back(bytes.substr(at, step));
  return out;
}

struct Collected {
  std::mutex mutex;
  std::vector<int16_t> samples;
  std::optional<double> firstChunkMs;
  int rate = 0;
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  std::promise<SynthesisResult> done;

  Synthesizer::ChunkCallback chunk() {
    return [this](const int16_t* s, std::size_t n, int r) {
      std::lock_guard lock(mutex);
      if (!firstChunkMs) firstChunkMs = msSince(start);
      samples.insert(samples.end(), s, s + n);
      rate = r;
    };
  }
  Synthesizer::DoneCallback finished() {
    return [this](const SynthesisResult& r) { done.set_value(r); };
  }
};

HttpSpeechOptions speechOptions(const TestHttpServer& server) {
  HttpSpeechOptions o;
  o.baseUrl = server.baseUrl();
  o.apiKey = kKey;
  o.model = "tts-test";
  return o;
}

TEST(HttpSpeech, PostsOpenAiJsonAndStreamsPcmAsItArrives) {
  std::vector<int16_t> sent;
  const auto pieces = pcmPieces(24000, 5, sent);  // 1 s of audio in 5 pieces, 150 ms apart
  std::string problem = "no request";
  TestHttpServer server([&](const TestRequest& rq) {
    const auto json = nlohmann::json::parse(rq.body, nullptr, false);
    problem = rq.target != "/v1/audio/speech"                   ? "target " + rq.target
              : rq.header("authorization") != "Bearer " + kKey  ? "authorization"
              : rq.header("content-type") != "application/json" ? "content type"
              : json != nlohmann::json{{"model", "tts-test"},
                                       {"voice", "marin"},
                                       {"input", "Hello there."},
                                       {"response_format", "pcm"}}
                  ? "body " + rq.body
                  : "";
    return pcmStream(pieces, 150ms);
  });
  HttpSpeech tts(speechOptions(server));
  EXPECT_EQ(tts.sampleRate(), 24000);
  Collected got;
  ASSERT_TRUE(tts.synthesize("Hello there.", "marin", got.chunk(), got.finished()));
  const SynthesisResult result = got.done.get_future().get();
  const double totalMs = msSince(got.start);
  EXPECT_EQ(problem, "");
  ASSERT_TRUE(result.ok()) << result.error;
  EXPECT_EQ(got.samples, sent);
  EXPECT_EQ(result.samples, sent.size());
  EXPECT_EQ(got.rate, 24000);
  ASSERT_TRUE(got.firstChunkMs);
  EXPECT_LT(*got.firstChunkMs, totalMs - 400) << "the first audio must not wait for the whole answer";
  std::printf("[ figures  ] http speech: first chunk after %.1f ms of a %.0f ms stream\n", *got.firstChunkMs,
              totalMs);
}

TEST(HttpSpeech, CancellationClosesTheStreamPromptly) {
  std::vector<int16_t> sent;
  const auto pieces = pcmPieces(48000, 40, sent);  // 4 s in pieces 100 ms apart
  TestHttpServer server([&](const TestRequest&) { return pcmStream(pieces, 100ms); });
  HttpSpeech tts(speechOptions(server));
  Collected got;
  std::promise<void> first;
  std::once_flag once;
  auto record = got.chunk();
  auto handle = tts.synthesize(
      "A long answer.", "",
      [&](const int16_t* s, std::size_t n, int r) {
        record(s, n, r);
        std::call_once(once, [&] { first.set_value(); });
      },
      got.finished());
  ASSERT_TRUE(handle);
  first.get_future().wait();
  const auto cancelledAt = std::chrono::steady_clock::now();
  handle->cancel();
  const SynthesisResult result = got.done.get_future().get();
  const double stopMs = msSince(cancelledAt);
  EXPECT_TRUE(result.cancelled);
  EXPECT_TRUE(result.error.empty()) << result.error;
  EXPECT_LT(stopMs, 100);
  EXPECT_LT(got.samples.size(), sent.size() / 4);
  std::printf("[ figures  ] http speech: cancel → done in %.1f ms\n", stopMs);
}

TEST(HttpSpeech, DestructionCancelsStreamsInFlight) {
  std::vector<int16_t> sent;
  const auto pieces = pcmPieces(48000, 40, sent);
  TestHttpServer server([&](const TestRequest&) { return pcmStream(pieces, 100ms); });
  Collected got;
  const auto start = std::chrono::steady_clock::now();
  {
    HttpSpeech tts(speechOptions(server));
    ASSERT_TRUE(tts.synthesize("A long answer.", "", got.chunk(), got.finished()));
    while (server.requests() == 0) std::this_thread::sleep_for(5ms);
  }
  EXPECT_LT(msSince(start), 1000);
  EXPECT_TRUE(got.done.get_future().get().cancelled);
}

TEST(HttpSpeech, ErrorsAndTimeoutsEndTheUtteranceWithAnError) {
  TestHttpServer failing(
      [](const TestRequest&) { return json(R"({"error":{"message":"voice not supported"}})", 400); });
  HttpSpeech tts(speechOptions(failing));
  Collected got;
  ASSERT_TRUE(tts.synthesize("Hi.", "nobody", got.chunk(), got.finished()));
  SynthesisResult r = got.done.get_future().get();
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.error.find("400: voice not supported"), std::string::npos) << r.error;
  EXPECT_TRUE(got.samples.empty());

  TestHttpServer stalled([](const TestRequest&) { return pcmStream({"\x01\x02", "\x03\x04"}, 5s); });
  auto options = speechOptions(stalled);
  options.totalTimeout = 300ms;
  HttpSpeech slow(options);
  Collected partial;
  ASSERT_TRUE(slow.synthesize("Hi.", "", partial.chunk(), partial.finished()));
  r = partial.done.get_future().get();
  EXPECT_NE(r.error.find("no complete answer within 300 ms"), std::string::npos) << r.error;
  EXPECT_EQ(partial.samples.size(), 1u);  // what arrived before the deadline was delivered
}

}  // namespace
}  // namespace irtc::engine
