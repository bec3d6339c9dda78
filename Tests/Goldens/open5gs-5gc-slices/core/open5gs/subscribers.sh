#!/bin/sh
# Open5GS subscribers of lab `open5gs-5gc` (written by topoc). Holds K and OPc: keep it private.
# Needs open5gs-dbctl (open5gs misc/db) and mongosh; OPEN5GS_DB_URI picks the database.
# Run: sh subscribers.sh   (or import subscribers.json: mongoimport --db open5gs -c subscribers)
set -eu
dbctl() {
    open5gs-dbctl --db_uri="${OPEN5GS_DB_URI:-mongodb://localhost/open5gs}" "$@"
}

# UE group `phones`: 4 IMSI(s) from 001010000000001
dbctl remove 001010000000001
dbctl add_ue_with_slice 001010000000001 465B5CE8B199B49FAA5F0A2EE238A6BC E8ED289DEBA952E4283B54E88E6183CA internet 1 000001
dbctl remove 001010000000002
dbctl add_ue_with_slice 001010000000002 465B5CE8B199B49FAA5F0A2EE238A6BC E8ED289DEBA952E4283B54E88E6183CA internet 1 000001
dbctl remove 001010000000003
dbctl add_ue_with_slice 001010000000003 465B5CE8B199B49FAA5F0A2EE238A6BC E8ED289DEBA952E4283B54E88E6183CA internet 1 000001
dbctl remove 001010000000004
dbctl add_ue_with_slice 001010000000004 465B5CE8B199B49FAA5F0A2EE238A6BC E8ED289DEBA952E4283B54E88E6183CA internet 1 000001

# UE group `robots`: 2 IMSI(s) from 001010000000101
dbctl remove 001010000000101
dbctl add_ue_with_slice 001010000000101 465B5CE8B199B49FAA5F0A2EE238A6BC E8ED289DEBA952E4283B54E88E6183CA urllc 2 000002
dbctl remove 001010000000102
dbctl add_ue_with_slice 001010000000102 465B5CE8B199B49FAA5F0A2EE238A6BC E8ED289DEBA952E4283B54E88E6183CA urllc 2 000002
