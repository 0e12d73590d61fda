// SigV4Signer against the AWS SigV4 test suite's published vectors (fixtures/bedrock/sigv4,
// see its README for the source): for every case, the canonical request, the string to sign
// and the signature are AWS's, byte for byte.

#include "providers/bedrock/SigV4.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

#include <gtest/gtest.h>

using gateway::providers::bedrock::SigV4Signer;

namespace {

const QString vectors = QStringLiteral(SWITCHBOARD_PROVIDER_FIXTURES "/bedrock/sigv4");

QByteArray read(const QString& path)
{
    QFile f(path);
    EXPECT_TRUE(f.open(QIODevice::ReadOnly)) << qPrintable(path);
    return f.readAll();
}

// request.txt: "METHOD target HTTP/1.1", "Name:value" lines, a blank line, the body. The target
// may hold spaces (get-space-unnormalized), so it is what lies between the first space and the
// last.
struct SuiteRequest
{
    QByteArray method, path, query, body;
    gateway::http::HeaderList headers;
};

SuiteRequest parseRequest(const QByteArray& text)
{
    SuiteRequest r;
    const qsizetype headEnd = text.indexOf("\n\n");
    const QByteArray head = headEnd < 0 ? text : text.left(headEnd);
    r.body = headEnd < 0 ? QByteArray() : text.mid(headEnd + 2);
    const QList<QByteArray> lines = head.split('\n');
    const QByteArray& requestLine = lines.first();
    r.method = requestLine.left(requestLine.indexOf(' '));
    const QByteArray target =
        requestLine.mid(r.method.size() + 1, requestLine.lastIndexOf(' ') - r.method.size() - 1);
    const qsizetype q = target.indexOf('?');
    r.path = q < 0 ? target : target.left(q);
    r.query = q < 0 ? QByteArray() : target.mid(q + 1);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines[i].indexOf(':');
        if (colon > 0)
            r.headers.emplace_back(lines[i].left(colon), lines[i].mid(colon + 1));
    }
    return r;
}

} // namespace

TEST(SigV4Test, EveryPublishedVectorSignsAsAwsDoes)
{
    const QStringList cases = QDir(vectors).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    ASSERT_GE(cases.size(), 16);
    for (const QString& name : cases) {
        SCOPED_TRACE(name.toStdString());
        const QString dir = vectors + QLatin1Char('/') + name + QLatin1Char('/');
        const QJsonObject context = QJsonDocument::fromJson(read(dir + "context.json")).object();
        const QJsonObject credentials = context.value("credentials").toObject();
        const SigV4Signer signer({credentials.value("access_key_id").toString().toUtf8(),
                                  credentials.value("secret_access_key").toString().toUtf8(),
                                  credentials.value("token").toString().toUtf8()},
                                 context.value("region").toString().toUtf8(),
                                 context.value("service").toString().toUtf8());
        const SuiteRequest suite = parseRequest(read(dir + "request.txt"));
        SigV4Signer::Request request;
        request.method = suite.method;
        request.path = suite.path;
        request.query = suite.query;
        request.headers = suite.headers;
        request.payload = suite.body;
        request.payloadHashHeader = context.value("sign_body").toBool();
        const qint64 timeMs =
            QDateTime::fromString(context.value("timestamp").toString(), Qt::ISODate)
                .toMSecsSinceEpoch();

        const SigV4Signer::Signature s = signer.sign(request, timeMs);
        EXPECT_EQ(s.canonicalRequest, read(dir + "header-canonical-request.txt"));
        EXPECT_EQ(s.stringToSign, read(dir + "header-string-to-sign.txt"));
        EXPECT_EQ(s.signature, read(dir + "header-signature.txt").trimmed());
        // The canonical request's second-last line lists the signed headers.
        const QList<QByteArray> lines = s.canonicalRequest.split('\n');
        EXPECT_EQ(s.authorization, "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/"
                                   "service/aws4_request, SignedHeaders=" +
                                       lines.at(lines.size() - 2) + ", Signature=" + s.signature);
    }
}

TEST(SigV4Test, TheHeadersToSendCarryTheDateTokenPayloadHashAndAuthorization)
{
    const SigV4Signer signer({"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "tok"},
                             "eu-west-1", "bedrock");
    SigV4Signer::Request r;
    r.method = "POST";
    r.path = "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse";
    r.headers = {{"host", "bedrock-runtime.eu-west-1.amazonaws.com"}};
    r.payload = "{}";
    r.payloadHashHeader = true;
    // 2024-05-01T10:20:30Z
    const SigV4Signer::Signature s = signer.sign(r, 1714558830000);
    EXPECT_EQ(s.amzDate, "20240501T102030Z");
    // A Bedrock model id's ':' goes %3A on the wire and %253A into the canonical request.
    EXPECT_TRUE(s.canonicalRequest.startsWith(
        "POST\n/model/anthropic.claude-3-haiku-20240307-v1%253A0/converse\n\n"));
    EXPECT_TRUE(s.canonicalRequest.contains("x-amz-security-token:tok\n"));
    ASSERT_EQ(s.headers.size(), 4u);
    EXPECT_EQ(s.headers[0], std::make_pair(QByteArray("X-Amz-Date"), s.amzDate));
    EXPECT_EQ(s.headers[1], std::make_pair(QByteArray("X-Amz-Security-Token"), QByteArray("tok")));
    EXPECT_EQ(s.headers[2],
              std::make_pair(QByteArray("X-Amz-Content-Sha256"), SigV4Signer::sha256Hex("{}")));
    EXPECT_EQ(s.headers[3].first, "Authorization");
    EXPECT_TRUE(s.headers[3].second.startsWith(
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240501/eu-west-1/bedrock/aws4_request, "
        "SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature="));
}
