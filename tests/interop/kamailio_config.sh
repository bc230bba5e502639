# Sourced by the Kamailio interop tests: kamailio_config FILE ALGORITHM writes a Kamailio 5.6
# configuration for 127.0.0.1: registrar (usrloc in memory) with digest authentication (the
# password of user U is "pw-U"; REGISTER challenged with 401, everything else with 407), and a
# record-routing proxy to the registered contacts. With a third argument DIR (made by
# kamailio_tls_material DIR) it also takes TLS (tls module, the server certificate of DIR; client
# certificates not asked for). kamailio_start CFG PORT LOG PIDFILE [-l tls:127.0.0.1:PORT] starts
# it and waits until it listens; the caller kills $kamailio_pid. free_port prints a free UDP port.
free_port() { python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# kamailio_tls_material DIR: a test CA (DIR/ca.pem) and a certificate for 127.0.0.1 it signed
# (DIR/server.pem, DIR/server.key), and Kamailio's tls.cfg using them.
kamailio_tls_material() {
    local d=$1
    mkdir -p "$d"
    openssl req -x509 -newkey rsa:2048 -nodes -keyout "$d/ca.key" -out "$d/ca.pem" -days 2 \
        -subj "/CN=rvoip interop test CA" 2> /dev/null &&
    openssl req -newkey rsa:2048 -nodes -keyout "$d/server.key" -out "$d/server.csr" -subj "/CN=127.0.0.1" \
        2> /dev/null &&
    printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n' > "$d/server.ext" &&
    openssl x509 -req -in "$d/server.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" -CAcreateserial \
        -out "$d/server.pem" -days 2 -extfile "$d/server.ext" 2> /dev/null || return 1
    cat > "$d/tls.cfg" <<TLS
[server:default]
method = TLSv1.2+
verify_certificate = no
require_certificate = no
certificate = $d/server.pem
private_key = $d/server.key
ca_list = $d/ca.pem

[client:default]
method = TLSv1.2+
verify_certificate = yes
require_certificate = yes
ca_list = $d/ca.pem
TLS
}

kamailio_config() { # file algorithm [tls_dir]
    local transport_lines="disable_tcp=yes"
    if [ -n "${3:-}" ]; then
        transport_lines="enable_tls=yes
tcp_connection_lifetime=60
loadmodule \"tls.so\"
modparam(\"tls\", \"config\", \"$3/tls.cfg\")"
    fi
    cat > "$1" <<CFG
#!KAMAILIO
debug=${KAMAILIO_DEBUG:-2}
log_stderror=yes
fork=yes
children=1
auto_aliases=no
dns=no
rev_dns=no
$transport_lines
loadmodule "tm.so"
loadmodule "sl.so"
loadmodule "rr.so"
loadmodule "pv.so"
loadmodule "maxfwd.so"
loadmodule "textops.so"
loadmodule "siputils.so"
loadmodule "xlog.so"
loadmodule "sanity.so"
loadmodule "usrloc.so"
loadmodule "registrar.so"
loadmodule "auth.so"
modparam("usrloc", "db_mode", 0)
modparam("auth", "algorithm", "$2")
modparam("auth", "secret", "rvoip-interop-secret")
modparam("rr", "enable_full_lr", 1)

request_route {
    if (!mf_process_maxfwd_header("10")) { sl_send_reply("483", "Too Many Hops"); exit; }
    if (!sanity_check("1511", "7")) { xlog("L_WARN", "malformed \$rm from \$si\n"); exit; }
    if (is_method("CANCEL")) { if (t_check_trans()) { t_relay(); } exit; }
    if (has_totag()) {
        if (loose_route()) { t_relay(); exit; }
        if (is_method("ACK") && t_check_trans()) { t_relay(); exit; }
        sl_send_reply("404", "Not here");
        exit;
    }
    t_check_trans();
    remove_hf("Route");
    if (is_method("REGISTER")) {
        \$var(pw) = "pw-" + \$fU;
        if (!pv_www_authenticate("\$td", "\$var(pw)", "0")) {
            www_challenge("\$td", "1");
            exit;
        }
        xlog("L_NOTICE", "authenticated \$rm \$au algorithm=\$aa\n");
        consume_credentials();
        if (!save("location")) { sl_reply_error(); }
        exit;
    }
    \$var(pw) = "pw-" + \$fU;
    if (!pv_proxy_authenticate("\$fd", "\$var(pw)", "0")) {
        proxy_challenge("\$fd", "1");
        exit;
    }
    xlog("L_NOTICE", "authenticated \$rm \$au algorithm=\$aa\n");
    consume_credentials();
    if (is_method("INVITE|SUBSCRIBE")) { record_route(); }
    if (!lookup("location")) { sl_send_reply("404", "Not Found"); exit; }
    t_relay();
}
CFG
}

kamailio_start() { # cfg port log pidfile [more kamailio arguments]
    rm -f "$4"
    kamailio -f "$1" -l "udp:127.0.0.1:$2" "${@:5}" -DD -E -m 32 -M 8 -Y "$(dirname "$1")" -P "$4" > "$3" 2>&1 &
    kamailio_pid=$!
    for _ in $(seq 50); do
        grep -q "127.0.0.1:$2" "$3" 2>/dev/null && break
        sleep 0.1
    done
    sleep 0.3
}
