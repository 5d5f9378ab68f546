package io.fulcrum.netlink;

/** Generic netlink numbers, from {@code linux/genetlink.h}. */
public final class Genetlink {
    private Genetlink() {}

    /** {@code GENL_HDRLEN}: struct genlmsghdr is u8 cmd, u8 version, u16 reserved. */
    public static final int GENL_HDRLEN = 4;
    /** {@code GENL_NAMSIZ}: family names are at most 15 characters plus NUL. */
    public static final int GENL_NAMSIZ = 16;
    /** {@code GENL_ID_CTRL}: the fixed family id of the controller, "nlctrl". */
    public static final int GENL_ID_CTRL = Netlink.NLMSG_MIN_TYPE;

    public static final String CTRL_NAME = "nlctrl";
    /** Version sent in requests to the controller (libnl and the kernel's own tools use 1). */
    public static final int CTRL_VERSION = 1;

    // enum { CTRL_CMD_* }
    public static final int CTRL_CMD_NEWFAMILY = 1;
    public static final int CTRL_CMD_GETFAMILY = 3;

    // enum { CTRL_ATTR_* }
    public static final int CTRL_ATTR_FAMILY_ID = 1;
    public static final int CTRL_ATTR_FAMILY_NAME = 2;
    public static final int CTRL_ATTR_VERSION = 3;
    public static final int CTRL_ATTR_HDRSIZE = 4;
    public static final int CTRL_ATTR_MAXATTR = 5;
}
