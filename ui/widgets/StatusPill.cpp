#include "StatusPill.h"

#include "ElidedLabel.h"
#include "Engine.h"
#include "GatewayHost.h"
#include "ThemedIcon.h"
#include "metrics/Metrics.h"
#include "pages/Page.h"
#include "widgets/DotIcon.h"

#include <QApplication>
#include <QClipboard>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QToolButton>

namespace ui {

StatusPill::StatusPill(GatewayHost* host, QWidget* parent)
    : QFrame(parent), m_host(host), m_dot(new QLabel), m_text(new ElidedLabel),
      m_copy(new QToolButton), m_startStop(new QToolButton)
{
    setObjectName(QStringLiteral("statusPill"));
    m_text->setObjectName(QStringLiteral("gatewayState"));
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_copy->setObjectName(QStringLiteral("copyAddress"));
    m_copy->setAutoRaise(true);
    m_startStop->setObjectName(QStringLiteral("startStop"));
    m_startStop->setToolButtonStyle(Qt::ToolButtonTextOnly);
    setFrameShape(QFrame::StyledPanel);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(spacing::normal, 2, 2, 2);
    layout->setSpacing(spacing::tight);
    layout->addWidget(m_dot);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_copy);
    layout->addWidget(m_startStop);

    m_inFlight = [this] {
        gateway::Engine* engine = m_host->engine();
        return engine && engine->metrics() ? engine->metrics()->inFlight().load() : 0;
    };
    m_confirm = [this](int inFlight) { return askToStop(inFlight); };
    connect(m_copy, &QToolButton::clicked, this,
            [this] { QApplication::clipboard()->setText(m_host->baseUrl()); });
    connect(m_startStop, &QToolButton::clicked, this, &StatusPill::startOrStop);
    connect(m_host, &GatewayHost::runningChanged, this, &StatusPill::refreshState);
    connect(m_host, &GatewayHost::logProblemChanged, this, &StatusPill::refreshState);
    refreshState();
}

QString StatusPill::text() const
{
    return m_text->fullText();
}

void StatusPill::refreshState()
{
    const bool running = m_host->isRunning();
    if (running)
        m_state = m_host->logProblem().isEmpty() ? State::Running : State::Degraded;
    else
        m_state = m_host->lastError().isEmpty() ? State::Stopped : State::Failed;
    setProperty("degraded", m_state == State::Degraded);

    QString text;
    QString why;
    switch (m_state) {
    case State::Running: text = tr("Running · %1").arg(m_host->baseUrl()); break;
    case State::Degraded:
        text = tr("Degraded · %1").arg(m_host->baseUrl());
        why = m_host->logProblem();
        break;
    case State::Failed:
        text = tr("Not running: %1").arg(m_host->lastError());
        why = m_host->lastError();
        break;
    case State::Stopped: text = tr("Stopped"); break;
    }
    m_text->setFullText(text);
    // The reason is in the tooltip even when the text fits.
    setToolTip(why.isEmpty() ? QString()
                             : (m_state == State::Degraded
                                    ? tr("Requests are served but not recorded: %1").arg(why)
                                    : why));
    const HealthState health = m_state == State::Running   ? HealthState::Good
                               : m_state == State::Stopped ? HealthState::Unknown
                                                           : HealthState::Bad;
    m_dot->setPixmap(dotIcon(healthColor(health, palette(), QPalette::Window), devicePixelRatioF())
                         .pixmap(QSize(12, 12)));
    m_copy->setVisible(running);
    m_copy->setIcon(themedIcon(QStringLiteral("copy"), palette().color(QPalette::ButtonText)));
    m_copy->setToolTip(tr("Copy the gateway's address"));
    m_copy->setAccessibleName(m_copy->toolTip());
    m_startStop->setText(running ? tr("Stop") : tr("Start"));
    m_startStop->setToolTip(running ? tr("Stop the gateway") : tr("Start the gateway"));
}

void StatusPill::startOrStop()
{
    if (m_host->isRunning()) {
        const int inFlight = m_inFlight();
        if (inFlight > 0 && !m_confirm(inFlight))
            return;
        m_host->stop();
        return;
    }
    const auto started = m_host->start();
    if (!started)
        QMessageBox::warning(window(), tr("Gateway not started"), started.error());
}

bool StatusPill::askToStop(int inFlight)
{
    return QMessageBox::question(
               window(), tr("Stop the gateway?"),
               tr("%n request(s) in flight. Stopping lets them finish for up to %1 s, then "
                  "closes their connections.",
                  nullptr, inFlight)
                   .arg(m_host->config().server.drainTimeoutMs / 1000),
               QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel) == QMessageBox::Yes;
}

void StatusPill::changeEvent(QEvent* event)
{
    QFrame::changeEvent(event);
    if (event->type() == QEvent::LanguageChange || event->type() == QEvent::PaletteChange)
        refreshState();
}

} // namespace ui
