#!/usr/bin/env bash
# Real mail servers on loopback for Bandeja's email tests (issue 5):
# Dovecot (IMAP, IMAPS, LMTP, SASL for Postfix) and Postfix (SMTP, submission
# with STARTTLS, SMTPS), all from one private directory on high ports, so
# several can run at once and nothing under /etc is touched.
#
#   mailserver.sh up      start (writes $DIR/env with the endpoints); ~1 s
#   mailserver.sh down    stop (SIGKILL of each daemon's process group)
#   mailserver.sh check   up, send with curl over submission, read back over IMAPS, down
#   mailserver.sh restart-imap   kill Dovecot and start it again (a server restart)
#
#   BANDEJA_MAIL_WATCH_PID  with `up`: stop everything and remove the directory
#                      when this process ends (a test binary that cannot run
#                      code at exit)
#   BANDEJA_MAIL_DIR   where everything lives (default /tmp/bandeja-mail-$BASE)
#   BANDEJA_MAIL_BASE  port base (default 21000): IMAP +143, IMAPS +993,
#                      LMTP +24, SASL +12, SMTP +25, submission +587, SMTPS +465,
#                      OAuth server +80 (oauth_server.py: tokens Dovecot checks
#                      for XOAUTH2/OAUTHBEARER on IMAP and SMTP)
# Users (password = name + "-pw"): alice, bob, catchall @example.test.
# Mail that authenticated users send to other domains lands in catchall's
# mailbox, so "sent to gmail.com" can be checked with no network.
set -euo pipefail

BASE="${BANDEJA_MAIL_BASE:-21000}"
DIR="${BANDEJA_MAIL_DIR:-/tmp/bandeja-mail-$BASE}"
DOMAIN=example.test
USERS=(alice bob catchall)
P_IMAP=$((BASE + 143)) P_IMAPS=$((BASE + 993)) P_LMTP=$((BASE + 24)) P_SASL=$((BASE + 12))
P_SMTP=$((BASE + 25)) P_SUBMISSION=$((BASE + 587)) P_SMTPS=$((BASE + 465))
P_OAUTH=$((BASE + 80))
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

tls() {
  # a CA and a CA:FALSE leaf: rustls refuses a self-signed CA used as a server certificate
  mkdir -p "$DIR/tls" && cd "$DIR/tls"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
    -subj "/CN=Bandeja test CA" -keyout ca.key -out ca.pem 2>/dev/null
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=localhost" \
    -keyout leaf.key -out leaf.csr 2>/dev/null
  printf 'basicConstraints=CA:FALSE\nsubjectAltName=DNS:localhost,DNS:mail.%s,IP:127.0.0.1,IP:::1\n' "$DOMAIN" >leaf.ext
  openssl x509 -req -in leaf.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 \
    -extfile leaf.ext -out leaf.pem 2>/dev/null
  cd - >/dev/null
}

dovecot_conf() {
  mkdir -p "$DIR/dovecot/run" "$DIR/dovecot/state" "$DIR/mail"
  : >"$DIR/dovecot/users"
  for u in "${USERS[@]}"; do
    echo "$u@$DOMAIN:{PLAIN}$u-pw:65534:65534::$DIR/mail/$u" >>"$DIR/dovecot/users"
    mkdir -p "$DIR/mail/$u"
  done
  chown -R 65534:65534 "$DIR/mail"
  cat >"$DIR/dovecot/oauth2.conf.ext" <<CONF
introspection_mode = post
introspection_url = http://127.0.0.1:$P_OAUTH/introspect
username_attribute = username
active_attribute = active
active_value = true
force_introspection = yes
CONF
  cat >"$DIR/dovecot/dovecot.conf" <<CONF
base_dir = $DIR/dovecot/run
state_dir = $DIR/dovecot/state
log_path = $DIR/dovecot/dovecot.log
protocols = imap lmtp
listen = 127.0.0.1
ssl = yes
ssl_cert = <$DIR/tls/leaf.pem
ssl_key = <$DIR/tls/leaf.key
disable_plaintext_auth = no
auth_mechanisms = plain login xoauth2 oauthbearer
first_valid_uid = 1
mail_location = maildir:~/Maildir
passdb {
  driver = passwd-file
  mechanisms = plain login
  args = scheme=PLAIN username_format=%Lu $DIR/dovecot/users
}
passdb {
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = $DIR/dovecot/oauth2.conf.ext
}
userdb {
  driver = passwd-file
  args = username_format=%Lu $DIR/dovecot/users
}
namespace inbox {
  inbox = yes
  mailbox Sent {
    special_use = \\Sent
    auto = subscribe
  }
  mailbox Drafts {
    special_use = \\Drafts
    auto = subscribe
  }
  mailbox Trash {
    special_use = \\Trash
    auto = subscribe
  }
}
protocol imap {
  mail_max_userip_connections = 200
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $P_IMAP
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $P_IMAPS
    ssl = yes
  }
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = $P_LMTP
  }
}
service auth {
  inet_listener {
    address = 127.0.0.1
    port = $P_SASL
  }
}
# no growing penalty after the wrong-password tests
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
CONF
}

postfix_conf() {
  local pf="$DIR/postfix"
  mkdir -p "$pf/queue" "$pf/data"
  chown postfix "$pf/data"
  for u in "${USERS[@]}"; do echo "$u@$DOMAIN ok"; done >"$pf/vmailbox"
  # anything to another domain goes to the catch-all mailbox
  printf 'if !/@%s$/\n/^.*$/ catchall@%s\nendif\n' "${DOMAIN//./\\.}" "$DOMAIN" >"$pf/catchall.regexp"
  cat >"$pf/main.cf" <<CONF
compatibility_level = 3.6
# 25 MB attachments grow by a third in base64 (issue 5 tests them)
message_size_limit = 52428800
queue_directory = $pf/queue
data_directory = $pf/data
mail_owner = postfix
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
myhostname = mail.$DOMAIN
mydestination =
mynetworks = 127.0.0.0/8
local_recipient_maps =
alias_maps =
alias_database =
maillog_file = $pf/postfix.log
maillog_file_prefixes = $DIR
smtpd_tls_cert_file = $DIR/tls/leaf.pem
smtpd_tls_key_file = $DIR/tls/leaf.key
smtpd_tls_security_level = may
smtpd_sasl_type = dovecot
smtpd_sasl_path = inet:127.0.0.1:$P_SASL
smtpd_sasl_auth_enable = yes
smtpd_relay_restrictions = permit_sasl_authenticated, reject_unauth_destination
smtpd_recipient_restrictions = permit_sasl_authenticated, reject_unauth_destination
virtual_mailbox_domains = $DOMAIN
virtual_mailbox_maps = texthash:$pf/vmailbox
virtual_alias_domains =
virtual_transport = lmtp:inet:127.0.0.1:$P_LMTP
recipient_canonical_maps = regexp:$pf/catchall.regexp
recipient_canonical_classes = envelope_recipient
default_transport = error:tests never mail the outside world
relay_transport = error:tests never mail the outside world
smtputf8_enable = no
biff = no
CONF
  cat >"$pf/master.cf" <<CONF
127.0.0.1:$P_SMTP inet n - n - - smtpd
127.0.0.1:$P_SUBMISSION inet n - n - - smtpd -o smtpd_tls_security_level=encrypt -o smtpd_tls_auth_only=yes
127.0.0.1:$P_SMTPS inet n - n - - smtpd -o smtpd_tls_wrappermode=yes
pickup unix n - n 60 1 pickup
tlsmgr unix - - n 1000? 1 tlsmgr
cleanup unix n - n - 0 cleanup
qmgr unix n - n 300 1 qmgr
rewrite unix - - n - - trivial-rewrite
bounce unix - - n - 0 bounce
defer unix - - n - 0 bounce
trace unix - - n - 0 bounce
verify unix - - n - 1 verify
flush unix n - n 1000? 0 flush
proxymap unix - - n - - proxymap
smtp unix - - n - - smtp
relay unix - - n - - smtp
showq unix n - n - - showq
error unix - - n - - error
retry unix - - n - - error
discard unix - - n - - discard
lmtp unix - - n - - lmtp
anvil unix - - n - 1 anvil
scache unix - - n - 1 scache
postlog unix-dgram n - n - 1 postlogd
CONF
  # Postfix re-reads a config younger than a second until it is not
  find "$pf" -maxdepth 1 -type f -exec touch -d '-1 minute' {} +
}

wait_port() {
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.05
  done
  echo "mailserver: nothing listens on $1" >&2
  return 1
}

up() {
  down 2>/dev/null || true
  rm -rf "$DIR" && mkdir -p "$DIR"
  tls
  dovecot_conf
  postfix_conf
  setsid python3 "$HERE/oauth_server.py" "$P_OAUTH" </dev/null >>"$DIR/oauth.log" 2>&1 &
  echo $! >"$DIR/oauth.pid"
  # both masters keep the caller's stdio after daemonizing: detach them
  setsid dovecot -c "$DIR/dovecot/dovecot.conf" </dev/null >>"$DIR/dovecot/start.log" 2>&1
  # without a tty, postfix start reports failures only to syslog
  setsid script -qec "postfix -c $DIR/postfix start" /dev/null </dev/null >>"$DIR/postfix/start.log" 2>&1
  for p in $P_IMAPS $P_IMAP $P_LMTP $P_SASL $P_SMTP $P_SUBMISSION $P_SMTPS $P_OAUTH; do
    wait_port "$p" || { tail -20 "$DIR"/dovecot/*.log "$DIR"/postfix/*.log >&2 || true; return 1; }
  done
  cat >"$DIR/env" <<ENV
BANDEJA_MAIL_IMAP=127.0.0.1:$P_IMAP
BANDEJA_MAIL_IMAPS=127.0.0.1:$P_IMAPS
BANDEJA_MAIL_SMTP=127.0.0.1:$P_SMTP
BANDEJA_MAIL_SUBMISSION=127.0.0.1:$P_SUBMISSION
BANDEJA_MAIL_SMTPS=127.0.0.1:$P_SMTPS
BANDEJA_MAIL_OAUTH=http://127.0.0.1:$P_OAUTH
BANDEJA_MAIL_CA=$DIR/tls/ca.pem
BANDEJA_MAIL_DOMAIN=$DOMAIN
BANDEJA_MAIL_DIR=$DIR
ENV
  if [ -n "${BANDEJA_MAIL_WATCH_PID:-}" ]; then
    setsid bash -c "while kill -0 $BANDEJA_MAIL_WATCH_PID 2>/dev/null; do sleep 1; done; BANDEJA_MAIL_DIR='$DIR' BANDEJA_MAIL_BASE=$BASE '$HERE/mailserver.sh' down; rm -rf '$DIR'" \
      </dev/null >/dev/null 2>&1 &
  fi
  echo "mailserver up: $DIR/env"
}

restart_imap() {
  kill_daemon "$DIR/dovecot/run/master.pid"
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$P_IMAPS") 2>/dev/null || break
    sleep 0.05
  done
  setsid dovecot -c "$DIR/dovecot/dovecot.conf" </dev/null >>"$DIR/dovecot/start.log" 2>&1
  for p in $P_IMAPS $P_IMAP $P_LMTP $P_SASL; do wait_port "$p"; done
}

# Kill the process group of the daemon in `pidfile`, only if that pid is
# still one of ours (a stale pid may belong to anything by now), then forget it.
kill_daemon() {
  local pidfile=$1 pid pgid
  [ -f "$pidfile" ] || return 0
  pid=$(tr -dc '0-9' <"$pidfile")
  rm -f "$pidfile"
  [ -n "$pid" ] || return 0
  grep -qaE 'dovecot|postfix|master|oauth_server' "/proc/$pid/cmdline" 2>/dev/null || return 0
  pgid=$(ps -o pgid= "$pid" | tr -d ' ')
  # never our own group (the caller's shell)
  [ -n "$pgid" ] && [ "$pgid" != "$(ps -o pgid= $$ | tr -d ' ')" ] && kill -KILL -- "-$pgid" 2>/dev/null
  kill -KILL "$pid" 2>/dev/null || true
}

down() {
  for pidfile in "$DIR/dovecot/run/master.pid" "$DIR/postfix/data/master.pid" "$DIR/postfix/queue/pid/master.pid" "$DIR/oauth.pid"; do
    kill_daemon "$pidfile"
  done
}

check() {
  up
  trap down EXIT
  local ca="$DIR/tls/ca.pem" msg="$DIR/check.eml"
  printf 'From: alice@%s\r\nTo: bob@%s\r\nSubject: harness check\r\nMessage-ID: <check-1@%s>\r\n\r\nhola\r\n' \
    "$DOMAIN" "$DOMAIN" "$DOMAIN" >"$msg"
  curl -sS --url "smtp://localhost:$P_SUBMISSION" --ssl-reqd --cacert "$ca" \
    --user "alice@$DOMAIN:alice-pw" --mail-from "alice@$DOMAIN" --mail-rcpt "bob@$DOMAIN" \
    --mail-rcpt "someone@gmail.com" --upload-file "$msg"
  for who in bob catchall; do
    local found=""
    for _ in $(seq 1 60); do
      found=$(curl -sS --url "imaps://localhost:$P_IMAPS/INBOX" --cacert "$ca" \
        --user "$who@$DOMAIN:$who-pw" --request 'SEARCH SUBJECT "harness check"' || true)
      [[ "$found" =~ SEARCH\ [0-9] ]] && break
      sleep 0.1
    done
    [[ "$found" =~ SEARCH\ [0-9] ]] || { echo "mailserver check: nothing arrived for $who: $found" >&2; tail "$DIR"/postfix/postfix.log >&2; return 1; }
  done
  if curl -sS --url "imaps://localhost:$P_IMAPS/INBOX" --cacert "$ca" --user "bob@$DOMAIN:wrong" 2>/dev/null; then
    echo "mailserver check: a wrong password was accepted" >&2
    return 1
  fi
  # XOAUTH2 with a token from the OAuth server, on IMAP and SMTP; then expired
  local token
  token=$(curl -sS "http://127.0.0.1:$P_OAUTH/token" -d grant_type=password -d "username=alice@$DOMAIN" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
  curl -sS --url "imaps://localhost:$P_IMAPS/INBOX" --cacert "$ca" --user "alice@$DOMAIN" \
    --oauth2-bearer "$token" --request NOOP >/dev/null
  curl -sS --url "smtp://localhost:$P_SUBMISSION" --ssl-reqd --cacert "$ca" --user "alice@$DOMAIN" \
    --oauth2-bearer "$token" --mail-from "alice@$DOMAIN" --mail-rcpt "bob@$DOMAIN" --upload-file "$msg"
  curl -sS "http://127.0.0.1:$P_OAUTH/_admin/expire" -d "token=$token" >/dev/null
  if curl -sS --url "imaps://localhost:$P_IMAPS/INBOX" --cacert "$ca" --user "alice@$DOMAIN" \
    --oauth2-bearer "$token" --request NOOP 2>/dev/null; then
    echo "mailserver check: an expired token was accepted" >&2
    return 1
  fi
  echo "mailserver check: sent over submission (STARTTLS), delivered to bob and to the catch-all, read over IMAPS; wrong password refused; XOAUTH2 on IMAP and SMTP, expired token refused"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  check) check ;;
  restart-imap) restart_imap ;;
  *) echo "usage: $0 up|down|check|restart-imap" >&2; exit 2 ;;
esac
