package dev.bluegreen.platform.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class CidrTest {

    @Test
    void a_single_host_matches_only_itself() throws Exception {
        Cidr cidr = Cidr.parse("127.0.0.1/32");
        assertThat(cidr.test(InetAddress.getByName("127.0.0.1"))).isTrue();
        assertThat(cidr.test(InetAddress.getByName("127.0.0.2"))).isFalse();
        assertThat(cidr.test(InetAddress.getByName("::1"))).isFalse();
        assertThat(cidr).hasToString("127.0.0.1/32");
    }

    @Test
    void prefixes_cut_inside_a_byte() throws Exception {
        Cidr cidr = Cidr.parse("10.1.2.128/25");
        assertThat(cidr.test(InetAddress.getByName("10.1.2.200"))).isTrue();
        assertThat(cidr.test(InetAddress.getByName("10.1.2.127"))).isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").test(InetAddress.getByName("192.168.1.1"))).isTrue();
        assertThat(Cidr.parse("127.0.0.0/8").test(InetAddress.getByName("127.255.0.9"))).isTrue();
    }

    @Test
    void ipv6_and_bare_addresses() throws Exception {
        assertThat(Cidr.parse("::1").test(InetAddress.getByName("::1"))).isTrue();
        assertThat(Cidr.parse("fd00::/8").test(InetAddress.getByName("fd12::3"))).isTrue();
        assertThat(Cidr.parse("fd00::/8").test(InetAddress.getByName("fe80::1"))).isFalse();
        assertThat(Cidr.parse("10.0.0.1")).isEqualTo(Cidr.parse("10.0.0.1/32"));
    }

    @Test
    void rejects_what_is_not_an_address_block() {
        assertThatThrownBy(() -> Cidr.parse("localhost/32")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cidr.parse("127.0.0.1/33")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cidr.parse("127.0.0.1/x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cidr.parse("256.0.0.1/8")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cidr.parse("10.1/16")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cidr.parse("fd00:::1/8")).isInstanceOf(IllegalArgumentException.class);
    }

    /** Names that start like hex ("face", "cafe", "dead") used to reach DNS; the CLI's test proves none is asked. */
    @Test
    void a_name_is_refused_as_a_name_even_when_it_starts_like_an_address() {
        for (String name : new String[] {"face.example/32", "face.example", "cafe", "dead.beef", "1.example/8",
                ".:1"}) {
            assertThatThrownBy(() -> Cidr.parse(name)).as(name).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("names are not looked up").hasNoCause();
        }
        assertThat(Cidr.parse("cafe::1")).hasToString("cafe:0:0:0:0:0:0:1/128");
        assertThat(Cidr.parse("[::1]/128")).isEqualTo(Cidr.parse("::1"));
    }
}
