// Client events from the data channel and the sideband. A bad event gets an `error` event back to
// whoever sent it; the call goes on.
#include <variant>

#include "engine/call/call.hpp"
#include "engine/call/call_response.hpp"
#include "engine/realtime/ids.hpp"
#include "engine/realtime/usage.hpp"

namespace irtc::engine {

namespace rt = realtime;

namespace {
template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
// C++20 deduces this from the aggregate; clang before 17 (and so clang-tidy) still needs the guide.
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;
}  // namespace

void Call::onClientEvent(const std::string& text, const std::shared_ptr<SidebandEntry>& from) {
  if (ended_) return;
  auto parsed = rt::parseClientEvent(text);
  if (const auto* error = std::get_if<rt::EventError>(&parsed)) {
    sendError(*error, from);
    return;
  }
  handle(std::get<rt::ClientEvent>(parsed), from);
}

void Call::sendError(const rt::EventError& error, const std::shared_ptr<SidebandEntry>& to) {
  auto event = rt::events::error(error);
  if (to) {
    EventFanout::toSideband(*to, event);
  } else {
    fanout_.toChannel(event);
  }
}

void Call::handle(const rt::ClientEvent& event, const std::shared_ptr<SidebandEntry>& from) {
  auto withEventId = [&event](rt::EventError error) {
    error.eventId = event.eventId;
    return error;
  };
  std::visit(
      Overloaded{
          [&](const rt::SessionUpdate& update) {
            config_ = rt::applySessionPatch(config_, update.patch);
            vad_.setParams(vadParams());
            fanout_.broadcast(rt::events::sessionUpdated(sessionObject()));
          },
          [&](const rt::ResponseCreate&) { respondOnRequest(from); },
          [&](const rt::ResponseCancel& cancel) {
            bool matches = !cancel.responseId || (response_ && response_->info.id == *cancel.responseId);
            if (!matches || !cancelResponse("client_cancelled")) {
              sendError(withEventId({"invalid_request_error", "response_cancel_not_active",
                                     "There is no active response to cancel.", std::nullopt, std::nullopt}),
                        from);
            }
          },
          [&](const rt::OutputAudioBufferClear&) { clearOutputAudio(); },
          [&](const rt::InputAudioBufferClear&) {
            {
              std::lock_guard lock(vadMutex_);
              vad_.clear();
              liveStream_.reset();  // the turn is dropped
              if (estimator_) estimator_->take();
            }
            speakingItemId_.reset();
            fanout_.broadcast(rt::events::inputAudioBufferCleared());
          },
          [&](const rt::InputAudioBufferCommit&) {
            std::optional<SpeechStopped> stopped;
            std::unique_ptr<RecognitionStream> stream;
            {
              std::lock_guard lock(vadMutex_);
              stopped = vad_.endSpeech();
              if (stopped) stream = turnEnded(*stopped);
            }
            if (!stopped) {
              sendError(withEventId({"invalid_request_error", "input_audio_buffer_commit_empty",
                                     "The candidate is not speaking: there is no audio to commit.",
                                     std::nullopt, std::nullopt}),
                        from);
              return;
            }
            onSpeechStopped(std::move(*stopped), true, std::move(stream));
          },
          [&](const rt::ConversationItemCreate& create) { addTypedItem(create, from); },
          // Clients send it when they stop playback early; the engine keeps no audio to cut.
          [&](const rt::ConversationItemTruncate&) {},
          [&](const rt::ConversationItemRetrieve& retrieve) { retrieveItem(event, retrieve.itemId, from); },
      },
      event.body);
}

void Call::keepItem(const rt::MessageItem& item) {
  // Conversations are short; a bound keeps a pathological client from growing the call.
  constexpr std::size_t kMaxKeptItems = 256;
  auto [it, inserted] = items_.insert_or_assign(item.id, item);
  if (!inserted) return;
  itemOrder_.push_back(item.id);
  if (itemOrder_.size() > kMaxKeptItems) {
    items_.erase(itemOrder_.front());
    itemOrder_.pop_front();
  }
}

void Call::retrieveItem(const rt::ClientEvent& event, const std::string& itemId,
                        const std::shared_ptr<SidebandEntry>& from) {
  auto it = items_.find(itemId);
  if (it == items_.end()) {
    sendError({"invalid_request_error", "item_not_found",
               "no item " + rt::quoteForMessage(itemId) + " in the conversation", std::string("item_id"),
               event.eventId},
              from);
    return;
  }
  auto retrieved = rt::events::conversationItemRetrieved(it->second);
  if (from) {
    EventFanout::toSideband(*from, retrieved);
  } else {
    fanout_.toChannel(retrieved);
  }
}

void Call::addTypedItem(const rt::ConversationItemCreate& create, const std::shared_ptr<SidebandEntry>&) {
  auto type =
      create.role == "assistant" ? rt::ContentPart::Type::OutputText : rt::ContentPart::Type::InputText;
  rt::MessageItem item{create.itemId.value_or(rt::newItemId()),
                       create.role,
                       "completed",
                       {rt::ContentPart{type, create.text}}};
  auto previous = create.previousItemId ? create.previousItemId : lastItemId_;
  lastItemId_ = item.id;
  keepItem(item);
  fanout_.broadcast(rt::events::conversationItemAdded(previous, item));
  fanout_.broadcast(rt::events::conversationItemDone(previous, item));
  transcriptTextTokens_ += rt::estimateTextTokens(create.text);
  if (create.role != "user") return;
  // Typed text is the candidate's turn. Clients usually follow it with response.create; the
  // interviewer answers on that, or after a short wait when none comes.
  if (!pendingTurn_.empty()) pendingTurn_ += ' ';
  pendingTurn_ += create.text;
  turnEndedAt_ = std::chrono::steady_clock::now();
  if (config_.turnDetection && !config_.turnDetection->createResponse) return;
  armTimer(typedTurnTimer_, resources_.limits.typedTurnDelay, [this] { answerPendingTurn(); });
}

}  // namespace irtc::engine
