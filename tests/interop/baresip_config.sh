# Sourced by the baresip interop tests: baresip_config DIR ACCOUNT_PARAMS TONE_WAV SIP_PORT
# RTP_PORTS writes DIR/config and DIR/accounts for baresip 1.0 on 127.0.0.1: it plays TONE_WAV
# (aufile), records what it hears into DIR/rec (sndfile), answers automatically, and has G.711,
# G.722, Opus and SRTP; ACCOUNT_PARAMS picks codecs and media encryption.
baresip_config() { # dir account-params tone-wav sip-port rtp-ports
    mkdir -p "$1/rec"
    cat > "$1/config" <<CFG
poll_method epoll
sip_listen 127.0.0.1:$4
audio_player aufile,$1/play.wav
audio_alert aufile,$1/play.wav
audio_source aufile,$3
audio_channels 1
rtp_ports $5
module_path /usr/lib/baresip/modules
module g711.so
module g722.so
module opus.so
module aufile.so
module sndfile.so
module srtp.so
module_app account.so
module_app menu.so
snd_path $1/rec
CFG
    echo "<sip:baresip@127.0.0.1>;regint=0;answermode=auto;$2" > "$1/accounts"
}
