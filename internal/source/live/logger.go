package live

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/smithy-go/logging"
)

// sdkLogger passes the SDK's log messages to a slog.Logger: warnings as
// warnings, debug messages as debug. The SDK's notes about connection
// reuse ("failed to discard remaining HTTP response body, this may affect
// connection reuse") are debug: they follow a call that was cut short (an
// attempt timeout, the collection's time limit), which is retried or
// recorded as a gap anyway, and say nothing a user can act on. The SDK
// gives them no code, so they are told by their text.
type sdkLogger struct {
	log *slog.Logger
}

// connectionReuseNotes are the beginnings of those messages, from
// smithy-go's transport/http CloseResponseBody.
var connectionReuseNotes = []string{
	"failed to discard remaining HTTP response body",
	"failed to close HTTP response body",
}

// Logf implements logging.Logger.
func (l sdkLogger) Logf(c logging.Classification, format string, v ...any) {
	msg := fmt.Sprintf(format, v...)
	level := slog.LevelDebug
	if c == logging.Warn {
		level = slog.LevelWarn
		for _, p := range connectionReuseNotes {
			if strings.HasPrefix(msg, p) {
				level = slog.LevelDebug
			}
		}
	}
	l.log.Log(context.Background(), level, msg, "from", "aws-sdk-go-v2")
}

// withLogger returns a copy of cfg whose clients log through log (nil: a
// logger that writes warnings to nowhere is not what users want, so the
// SDK's own logger is kept and only the connection-reuse notes dropped).
func withLogger(cfg aws.Config, log *slog.Logger) aws.Config {
	cfg = cfg.Copy()
	if log == nil {
		cfg.Logger = filteredLogger{next: cfg.Logger}
		return cfg
	}
	cfg.Logger = sdkLogger{log: log}
	return cfg
}

// filteredLogger passes every message to next but the connection-reuse
// notes.
type filteredLogger struct {
	next logging.Logger
}

// Logf implements logging.Logger.
func (l filteredLogger) Logf(c logging.Classification, format string, v ...any) {
	if l.next == nil {
		return
	}
	for _, p := range connectionReuseNotes {
		if strings.HasPrefix(format, p) {
			return
		}
	}
	l.next.Logf(c, format, v...)
}
