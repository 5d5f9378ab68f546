package io.fulcrum.vrrp.packet;

/**
 * Why a received advert was discarded: one value per receive check of RFC 3768 §7.1 and RFC 5798 §7.1,
 * plus the instance-level checks. Each is counted per instance and logged once.
 */
public enum DropReason {
    TRUNCATED("shorter than the IP header or the fixed VRRP header"),
    BAD_IP_HEADER("not an IPv4 header of protocol 112 whose total length matches what arrived"),
    TTL("TTL / hop limit is not 255 (RFC 3768 §7.1, RFC 5798 §7.1)"),
    VERSION("version is not the instance's (RFC 3768 §7.1, RFC 5798 §7.1)"),
    TYPE("type is not ADVERTISEMENT (RFC 3768 §5.3.2)"),
    LENGTH("length does not match the address count (RFC 3768 §7.1: MUST contain the complete packet)"),
    CHECKSUM("checksum is wrong (RFC 3768 §5.3.8, RFC 5798 §5.2.8)"),
    VRID("no instance runs this VRID on the interface (RFC 3768 §7.1)"),
    AUTH_TYPE("authentication type differs from the instance's (RFC 3768 §5.3.6)"),
    AUTH_PASSWORD("authentication password differs from the instance's (RFC 3768 §5.3.6.1)"),
    INTERVAL("advert interval differs from the instance's (RFC 3768 §7.1)"),
    ADDRESS_LIST("address list differs from the instance's and the sender is not the owner (RFC 3768 §7.1)"),
    NOT_A_PEER("unicast advert from an address that is not a configured peer"),
    OWN_ADVERT("our own advert, looped back");

    private final String description;

    DropReason(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
