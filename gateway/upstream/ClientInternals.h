#pragma once

#include "upstream/Client.h"

#include <QList>

#include <deque>
#include <vector>

namespace gateway::upstream {

struct Client::Call
{
    CallId id = 0;
    QByteArray request;
    ResponseHandler* handler = nullptr;
    Pool* pool = nullptr; // its origin is the call's
    UpstreamConnection* connection = nullptr;
    qint64 queuedDeadlineMs = 0;    // while it waits for a connection (a cap is set)
    qint64 connectDeadlineMs = 0;   // while a connection is being opened for it
    qint64 firstByteDeadlineMs = 0; // until the first response byte
    qint64 idleDeadlineMs = 0;      // pushed forward by every response byte
    qint64 totalDeadlineMs = 0;
    qint64 pausedSinceMs = 0; // while reading is paused (pauseReading); deadlines stand still
    bool gotResponse = false;
    bool retried = false;
};

struct Client::Pool
{
    Origin origin;
    std::vector<UpstreamConnection*> idle; // most recently used last
    std::deque<Call*> waiting;             // calls beyond the connection cap, oldest first
    int total = 0;                         // open or opening connections
    QList<QByteArray> addresses;           // resolved sockaddrs
    qint64 resolvedUntilMs = 0;
    bool lookupPending = false;
    std::vector<UpstreamConnection*> resolving; // connections waiting for the lookup
};

} // namespace gateway::upstream
