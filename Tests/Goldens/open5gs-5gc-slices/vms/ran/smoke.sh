#!/bin/sh
# Smoke test of lab `open5gs-5gc` on VM `ran` (written by topoc; run as root in the VM).
# With UERANSIM's nr-cli: NG Setup of each gNB, registration of each UE, the PDU session each
# UE requests, and a ping through its uesimtun interface to the DNN's gateway on the UPF.
# Prints one JSON object per check and line; exits 1 when any check failed.
failed=0

# One result as a JSON line: check, subject (gNB or UE group), nr-cli node, slice, DNN, ok (true or
# false), detail. Values keep only characters that need no JSON escaping, so nothing nr-cli or the
# topology says can break the line.
report() {
    if [ "$6" != true ]; then failed=1; fi
    awk -v check="$1" -v subject="$2" -v node="$3" -v slice="$4" -v dnn="$5" -v ok="$6" -v detail="$7" '
        function clean(text) { gsub(/[^A-Za-z0-9 _.:\/@%+=,()<>-]/, "", text); return text }
        BEGIN {
            printf "{\"check\":\"%s\",\"subject\":\"%s\",\"node\":\"%s\",", clean(check), clean(subject), clean(node)
            printf "\"slice\":\"%s\",\"dnn\":\"%s\",", clean(slice), clean(dnn)
            printf "\"ok\":%s,\"detail\":\"%s\"}\n", (ok == "true" ? "true" : "false"), clean(detail)
        }'
}

# The value of the first `KEY: value` line of nr-cli's output on stdin.
field() {
    awk -v key="$1:" '$1 == key { sub(/^[^:]*: */, ""); print; exit }'
}

# The first non-empty line of a text, for a short detail.
first_line() {
    printf '%s\n' "$1" | awk 'NF { print; exit }'
}

# "STATE ADDRESS" of the session with this APN, SST and SD in `nr-cli -e ps-list` output on stdin.
session_of() {
    awk -v apn="$1" -v sst="$2" -v sd="$3" '
        function finish() {
            if (seen && !found && got_apn == apn && tolower(got_sst) == tolower(sst) && tolower(got_sd) == tolower(sd)) {
                print state, address
                found = 1
            }
        }
        /^PDU Session/ { finish(); seen = 1; state = ""; got_apn = ""; got_sst = ""; got_sd = ""; address = ""; next }
        $1 == "state:" { state = $2 }
        $1 == "apn:" { got_apn = $2 }
        $1 == "sst:" { got_sst = $2 }
        $1 == "sd:" { got_sd = $2 }
        $1 == "address:" { address = $2 }
        END { finish() }'
}

# The interface that carries ADDRESS (a UE's uesimtunN).
interface_of() {
    ip -o addr show | awk -v address="$1" '{ split($4, cidr, "/"); if (cidr[1] == address) { print $2; exit } }'
}

# NG Setup: gNB name, its nr-cli node.
check_gnb() {
    if ! output=$(nr-cli "$2" -e status 2>&1); then
        report ng-setup "$1" "$2" "" "" false "nr-cli: $(first_line "$output")"
        return
    fi
    up=$(printf '%s\n' "$output" | field is-ngap-up)
    if [ "$up" = true ]; then ok=true; else ok=false; fi
    report ng-setup "$1" "$2" "" "" "$ok" "is-ngap-up: ${up:-missing}"
}

# Registration: UE group, IMSI.
check_ue() {
    node="imsi-$2"
    if ! output=$(nr-cli "$node" -e status 2>&1); then
        report registration "$1" "$node" "" "" false "nr-cli: $(first_line "$output")"
        return
    fi
    rm_state=$(printf '%s\n' "$output" | field rm-state)
    mm_state=$(printf '%s\n' "$output" | field mm-state)
    if [ "$rm_state" = RM-REGISTERED ]; then ok=true; else ok=false; fi
    report registration "$1" "$node" "" "" "$ok" "rm-state: ${rm_state:-missing}, mm-state: ${mm_state:-missing}"
}

# A PDU session and traffic through it: UE group, IMSI, DNN, slice (as topoc writes it), SST and SD (as
# nr-cli prints them), the DNN's gateway on its UPF.
check_session() {
    node="imsi-$2"
    if ! output=$(nr-cli "$node" -e ps-list 2>&1); then
        report pdu-session "$1" "$node" "$4" "$3" false "nr-cli: $(first_line "$output")"
        report traffic "$1" "$node" "$4" "$3" false "no PDU session to send through"
        return
    fi
    session=$(printf '%s\n' "$output" | session_of "$3" "$5" "$6")
    state=${session%% *}
    address=${session#* }
    if [ "$state" != PS-ACTIVE ] || [ -z "$address" ]; then
        report pdu-session "$1" "$node" "$4" "$3" false "${state:-no session} for apn $3, sst $5, sd $6"
        report traffic "$1" "$node" "$4" "$3" false "no active PDU session to send through"
        return
    fi
    report pdu-session "$1" "$node" "$4" "$3" true "PS-ACTIVE, address $address"
    tun=$(interface_of "$address")
    if [ -z "$tun" ]; then
        report traffic "$1" "$node" "$4" "$3" false "no interface carries $address"
    elif ping -c 3 -i 0.5 -W 3 -I "$tun" "$7" >/dev/null 2>&1; then
        report traffic "$1" "$node" "$4" "$3" true "ping -I $tun $7 answered"
    else
        report traffic "$1" "$node" "$4" "$3" false "ping -I $tun $7 got no answer"
    fi
}

check_gnb gnb1 UERANSIM-gnb-1-1-1
check_ue phones 001010000000001
check_session phones 001010000000001 internet 1/000001 0x01 0x000001 10.45.0.1
check_ue phones 001010000000002
check_session phones 001010000000002 internet 1/000001 0x01 0x000001 10.45.0.1
check_ue phones 001010000000003
check_session phones 001010000000003 internet 1/000001 0x01 0x000001 10.45.0.1
check_ue phones 001010000000004
check_session phones 001010000000004 internet 1/000001 0x01 0x000001 10.45.0.1
check_ue robots 001010000000101
check_session robots 001010000000101 urllc 2/000002 0x02 0x000002 10.46.0.1
check_ue robots 001010000000102
check_session robots 001010000000102 urllc 2/000002 0x02 0x000002 10.46.0.1
exit "$failed"
