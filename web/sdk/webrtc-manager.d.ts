// Type declarations of the browser SDK (webrtc-manager.js). See docs/web.md.

export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'ended' | 'failed';

export type ErrorCode =
  | 'AUTHENTICATION_FAILED' | 'FORBIDDEN' | 'NOT_FOUND' | 'VALIDATION_FAILED' | 'PAYLOAD_TOO_LARGE'
  | 'RATE_LIMITED' | 'SESSION_NOT_STARTABLE' | 'SESSION_EXPIRED' | 'SDP_INVALID' | 'SDP_EXCHANGE_FAILED'
  | 'PROVIDER_UNAVAILABLE' | 'WEBRTC_CONNECTION_FAILED' | 'TRANSCRIPT_PROCESSING_FAILED' | 'PROTOCOL_ERROR'
  | 'INTERNAL';

export type MicrophoneProblem = 'microphone_denied' | 'microphone_missing' | 'microphone_unavailable';

export class InterviewError extends Error {
  constructor(code: ErrorCode, message: string, options?: { retryable?: boolean; status?: number | null; cause?: unknown });
  readonly code: ErrorCode;
  /** Another whole exchange may succeed. */
  readonly retryable: boolean;
  /** The HTTP status, for errors answered by an HTTP function. */
  readonly status: number | null;
  /** Set on microphone errors (code FORBIDDEN). */
  reason?: MicrophoneProblem;
  /** Set when the manager gave up: the attempts made in a row. */
  attempts?: number;
}

export interface IceServer { urls: string | string[]; username?: string; credential?: string }

/** The answer of POST /functions/v1/interview-start. */
export interface InterviewStart {
  sessionId: string;
  sessionToken: string;
  expiresAt?: string;
  webrtcConfig: { sdpProxyUrl: string; iceServers: IceServer[]; model?: string; voice?: string; instructions?: string };
  metadata?: {
    tenantId: string; companyName: string; positionTitle: string; candidateName: string; status: string;
    startedAt: string | null; endsAt: string | null; maxDurationMinutes: number; createdAt: string;
  };
}

export interface BackoffOptions { baseMs?: number; maxMs?: number; factor?: number; jitter?: number }

export interface WebRTCManagerOptions {
  /** Origin of interviewd's HTTP API; default: the page's origin. */
  serverUrl?: string;
  /** One credential: the candidate's invitation, a session token (resumes), or an interview-start answer. */
  invitationToken?: string;
  sessionToken?: string;
  start?: InterviewStart;
  /** Overrides webrtcConfig.sdpProxyUrl. */
  sdpProxyUrl?: string;
  /** An open microphone stream; otherwise the SDK opens one. It is stopped when the call ends. */
  microphone?: MediaStream;
  microphoneConstraints?: MediaStreamConstraints;
  /** Where the interviewer plays; by default an element the SDK creates. */
  audioElement?: HTMLAudioElement;
  /** Attempts in a row, the first included, before giving up (5). */
  maxAttempts?: number;
  backoff?: BackoffOptions;
  statsIntervalMs?: number;
  levelIntervalMs?: number;
  tokenRenewMarginMs?: number;
  endTimeoutMs?: number;
  /** Post what the data channel hears to transcript-processor (true). */
  postTranscripts?: boolean;
  attemptLimits?: { gatheringMs: number; connectMs: number; disconnectedMs: number };
}

export interface TranscriptEntry {
  itemId: string;
  speaker: 'interviewer' | 'candidate' | 'system';
  text: string;
  source: 'datachannel' | 'server';
  seq?: number;
  startMs?: number;
  endMs?: number;
}

export interface QualityFigures {
  jitterMs: number | null;
  packetsLost: number;
  packetsReceived: number;
  roundTripTimeMs: number | null;
  concealedSamples: number;
  audioLevel: number;
}

export interface WebRTCManagerEvents {
  state: { state: ConnectionState; previous: ConnectionState };
  session: { session: InterviewStart };
  transcript: { entry: TranscriptEntry; replaces: boolean };
  speaking: { speaker: 'interviewer'; speaking: boolean };
  levels: { local: number; remote: number };
  stats: { quality: QualityFigures };
  retry: { attempt: number; maxAttempts: number; delayMs: number; reason: string };
  error: { code: ErrorCode; message: string; retryable: boolean; fatal: boolean; reason: MicrophoneProblem | null; attempts?: number | null };
  ended: { reason: string };
  failed: { reason: ErrorCode };
  message: { message: { type: string; [field: string]: unknown } };
  sent: { message: { type: string; [field: string]: unknown } };
  realtime: { event: { type: string; event_id?: string; [field: string]: unknown } };
  autoplayblocked: Record<string, never>;
  log: { text: string };
}

export const DEFAULTS: Readonly<Required<Omit<WebRTCManagerOptions,
  'serverUrl' | 'invitationToken' | 'sessionToken' | 'start' | 'sdpProxyUrl' | 'microphone' | 'microphoneConstraints' | 'audioElement'>>>;

export class WebRTCManager extends EventTarget {
  constructor(options: WebRTCManagerOptions);
  readonly state: ConnectionState;
  readonly session: InterviewStart | null;
  readonly transcript: TranscriptEntry[];
  readonly peerConnection: RTCPeerConnection | null;
  lastError: InterviewError | null;
  /** Listens with the event's detail; returns the function that stops listening. */
  on<K extends keyof WebRTCManagerEvents>(type: K, listener: (detail: WebRTCManagerEvents[K]) => void): () => void;
  /** Resolves once connected; rejects with the InterviewError that made it fail. */
  start(): Promise<void>;
  /** Ends the interview (the session completes) and releases everything. */
  end(): Promise<void>;
  /** Leaves without ending the session; a new manager with the session token resumes it. */
  disconnect(): void;
  /** From a click, after 'autoplayblocked': resolves true once the interviewer plays. */
  resumeAudio(): Promise<boolean>;
}

/** The delay before retry `attempt` (1-based): exponential, capped, with jitter. */
export function backoffDelay(attempt: number, options?: BackoffOptions, random?: () => number): number;
/** The microphone with echo cancellation, noise suppression and automatic gain, or an InterviewError with `reason`. */
export function openMicrophone(constraints?: MediaStreamConstraints): Promise<MediaStream>;
/** The quality figures of a getStats() report, or null before inbound audio exists. */
export function qualityFromStats(report: RTCStatsReport | Map<string, Record<string, unknown>>): QualityFigures | null;

/** RMS level (0–1) of a stream, read on demand. */
export class LevelMeter {
  constructor(context: AudioContext, stream: MediaStream);
  level(): number;
  close(): void;
}
