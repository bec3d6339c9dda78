-- OAI subscribers of lab `follow-me-5g` (written by topoc): K, OPc and slices of every
-- declared UE. Keep this file private (0600). Load it into the schema of oai_db.sql, e.g.
--   mysql oai_db < subscribers.sql
-- SessionManagementSubscriptionData holds one row per UE (its key is ueid + servingPlmnid):
-- the slice of the UE's PDU session, with every DNN of that slice.
BEGIN;
REPLACE INTO `AuthenticationSubscription` (`ueid`, `authenticationMethod`, `encPermanentKey`, `protectionParameterId`, `sequenceNumber`, `authenticationManagementField`, `algorithmId`, `encOpcKey`, `encTopcKey`, `vectorGenerationInHss`, `n5gcAuthMethod`, `rgAuthenticationInd`, `supi`) VALUES
('208950000000031', '5G_AKA', '0C0A34601D4F07677303652C0462535B', '0C0A34601D4F07677303652C0462535B', '{"lastIndexes":{"ausf":0},"sqn":"000000000020","sqnScheme":"NON_TIME_BASED"}', '8000', 'milenage', '63BFA50EE6523365FF14C1F45F88737D', NULL, NULL, NULL, NULL, '208950000000031'),
('208950000000032', '5G_AKA', '0C0A34601D4F07677303652C0462535B', '0C0A34601D4F07677303652C0462535B', '{"lastIndexes":{"ausf":0},"sqn":"000000000020","sqnScheme":"NON_TIME_BASED"}', '8000', 'milenage', '63BFA50EE6523365FF14C1F45F88737D', NULL, NULL, NULL, NULL, '208950000000032');
REPLACE INTO `AccessAndMobilitySubscriptionData` (`ueid`, `servingPlmnid`, `nssai`) VALUES
('208950000000031', '20895', '{"defaultSingleNssais":[{"sd":"FFFFFF","sst":1}]}'),
('208950000000032', '20895', '{"defaultSingleNssais":[{"sd":"000080","sst":128}]}');
REPLACE INTO `SessionManagementSubscriptionData` (`ueid`, `servingPlmnid`, `singleNssai`, `dnnConfigurations`) VALUES
('208950000000031', '20895', '{"sd":"FFFFFF","sst":1}', '{"oai-embb":{"5gQosProfile":{"5qi":9,"arp":{"preemptCap":"NOT_PREEMPT","preemptVuln":"NOT_PREEMPTABLE","priorityLevel":8},"priorityLevel":8},"pduSessionTypes":{"defaultSessionType":"IPV4"},"sessionAmbr":{"downlink":"1000Mbps","uplink":"1000Mbps"},"sscModes":{"defaultSscMode":"SSC_MODE_1"}}}'),
('208950000000032', '20895', '{"sd":"000080","sst":128}', '{"oai":{"5gQosProfile":{"5qi":9,"arp":{"preemptCap":"NOT_PREEMPT","preemptVuln":"NOT_PREEMPTABLE","priorityLevel":8},"priorityLevel":8},"pduSessionTypes":{"defaultSessionType":"IPV4"},"sessionAmbr":{"downlink":"1000Mbps","uplink":"1000Mbps"},"sscModes":{"defaultSscMode":"SSC_MODE_1"}}}');
COMMIT;
