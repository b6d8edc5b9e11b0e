package dev.hookline.events.store.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ItemSizeTest {

    @Test
    void aStringCountsItsNameAndItsUtf8Bytes() {
        assertThat(ItemSize.of(Map.of("id", AttributeValue.fromS("abc")))).isEqualTo(2 + 3);
        assertThat(ItemSize.of(Map.of("é", AttributeValue.fromS("été")))).isEqualTo(2 + 5);
    }

    @Test
    void aNumberCountsOneBytePerTwoSignificantDigitsPlusOne() {
        assertThat(ItemSize.ofValue(AttributeValue.fromN("1200"))).isEqualTo(1 + 1);
        assertThat(ItemSize.ofValue(AttributeValue.fromN("0.00123"))).isEqualTo(1 + 2);
        assertThat(ItemSize.ofValue(AttributeValue.fromN("1764576000123"))).isEqualTo(1 + 7);
        assertThat(ItemSize.ofValue(AttributeValue.fromN("0"))).isEqualTo(1);
    }

    @Test
    void listsAndMapsAddThreeBytesAndOnePerElement() {
        AttributeValue list = AttributeValue.fromL(List.of(AttributeValue.fromS("a"), AttributeValue.fromBool(true)));
        AttributeValue map = AttributeValue.fromM(Map.of("k", AttributeValue.fromS("vv")));

        assertThat(ItemSize.ofValue(list)).isEqualTo(3 + (1 + 1) + (1 + 1));
        assertThat(ItemSize.ofValue(map)).isEqualTo(3 + 1 + (1 + 2));
        assertThat(ItemSize.ofValue(AttributeValue.fromL(List.of()))).isEqualTo(3);
    }

    @Test
    void setsBinariesBooleansAndNullsBySize() {
        assertThat(ItemSize.ofValue(AttributeValue.fromSs(List.of("ab", "cde")))).isEqualTo(5);
        assertThat(ItemSize.ofValue(AttributeValue.fromB(SdkBytes.fromByteArray(new byte[7])))).isEqualTo(7);
        assertThat(ItemSize.ofValue(AttributeValue.fromBool(false))).isEqualTo(1);
        assertThat(ItemSize.ofValue(AttributeValue.fromNul(true))).isEqualTo(1);
    }

    @Test
    void anAbsentItemIsNothing() {
        assertThat(ItemSize.of(null)).isZero();
    }

    @Test
    void unitsRoundUpWithAMinimumOfOne() {
        assertThat(CapacityUnits.write(0)).isEqualTo(1);
        assertThat(CapacityUnits.write(1024)).isEqualTo(1);
        assertThat(CapacityUnits.write(1025)).isEqualTo(2);
        assertThat(CapacityUnits.read(4097, true)).isEqualTo(2);
        assertThat(CapacityUnits.read(4097, false)).isEqualTo(1);
        assertThat(CapacityUnits.read(10, false)).isEqualTo(0.5);
    }
}
