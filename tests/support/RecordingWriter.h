#pragma once

#include "api/ResponseWriter.h"

#include <QByteArray>

#include <vector>

namespace test {

// A gateway::api::ResponseWriter that records every call, in order, for tests of encoders
// and of the chain: what the client would have received, without a socket.
class RecordingWriter : public gateway::api::ResponseWriter
{
public:
    enum class Kind { Respond, StartBody, Write, EndStream, AbortStream };
    struct Call
    {
        Kind kind;
        int status = 0;
        QByteArray contentType;
        QByteArray bytes; // respond(): the body; startBody(): its first piece; write(),
                          // endStream(): the bytes
        qint64 contentLength = -1;
        gateway::http::HeaderList headers;
    };

    void respond(int status, const QByteArray& contentType, const QByteArray& body,
                 const gateway::http::HeaderList& headers) override
    {
        m_started = true;
        calls.push_back({Kind::Respond, status, contentType, body, -1, headers});
    }
    void startBody(int status, const QByteArray& contentType, qint64 contentLength,
                   const gateway::http::HeaderList& headers, const QByteArray& first) override
    {
        m_started = true;
        calls.push_back({Kind::StartBody, status, contentType, first, contentLength, headers});
    }
    void write(const QByteArray& bytes) override
    {
        calls.push_back({Kind::Write, 0, {}, bytes, -1, {}});
    }
    void endStream(const QByteArray& last) override
    {
        calls.push_back({Kind::EndStream, 0, {}, last, -1, {}});
    }
    void abortStream() override { calls.push_back({Kind::AbortStream, 0, {}, {}, -1, {}}); }
    bool started() const override { return m_started; }

    // Every write() joined: the body of a streamed or relayed answer.
    QByteArray written() const
    {
        QByteArray out;
        for (const Call& c : calls)
            if (c.kind == Kind::Write || c.kind == Kind::EndStream || c.kind == Kind::StartBody)
                out += c.bytes;
        return out;
    }
    std::vector<Kind> kinds() const
    {
        std::vector<Kind> out;
        for (const Call& c : calls)
            out.push_back(c.kind);
        return out;
    }
    // The value of a header in a call, or a null QByteArray.
    static QByteArray header(const Call& call, const QByteArray& name)
    {
        for (const auto& [key, value] : call.headers)
            if (key == name)
                return value;
        return {};
    }

    std::vector<Call> calls;

private:
    bool m_started = false;
};

} // namespace test
